/// Where to send a service's requests and which region to sign them for.
public struct ServiceEndpoint: Sendable, Equatable {
    /// Scheme, host, port and an optional base path, without a trailing slash.
    public let baseURL: String
    public let signingRegion: String
    /// True when the endpoint was configured rather than AWS's own.
    public let isCustom: Bool

    public init(baseURL: String, signingRegion: String, isCustom: Bool) {
        var trimmed = baseURL
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.baseURL = trimmed
        self.signingRegion = signingRegion
        self.isCustom = isCustom
    }

    /// The `Host` header value: host, and port when it is not the scheme's default.
    public var hostHeader: String {
        let withoutScheme = baseURL.split(separator: "://", maxSplits: 1).last.map(String.init) ?? baseURL
        let authority = withoutScheme.split(separator: "/", maxSplits: 1).first.map(String.init) ?? withoutScheme
        if baseURL.hasPrefix("https://"), authority.hasSuffix(":443") { return String(authority.dropLast(4)) }
        if baseURL.hasPrefix("http://"), authority.hasSuffix(":80") { return String(authority.dropLast(3)) }
        return authority
    }

    /// The path part of the base URL (`""` for most).
    public var basePath: String {
        let withoutScheme = baseURL.split(separator: "://", maxSplits: 1).last.map(String.init) ?? baseURL
        guard let slash = withoutScheme.firstIndex(of: "/") else { return "" }
        return String(withoutScheme[slash...])
    }
}

/// Resolves endpoints the way the AWS SDKs do: `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`,
/// the profile's `services` section and `endpoint_url`, then AWS's own endpoint.
public struct EndpointResolver: Sendable {
    public let variables: [String: String]
    public let profile: AWSProfile?

    public init(variables: [String: String], profile: AWSProfile?) {
        self.variables = variables
        self.profile = profile
    }

    public func endpoint(for service: AWSServiceDescription, region: String) -> ServiceEndpoint {
        let signingRegion = service.globalSigningRegion.map { Self.partitionSigningRegion($0, region: region) } ?? region
        if let custom = configuredURL(for: service) {
            return ServiceEndpoint(baseURL: custom, signingRegion: signingRegion, isCustom: true)
        }
        let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        if service.globalSigningRegion != nil {
            // One endpoint per partition (botocore's endpoints.json: aws-global, aws-cn-global, aws-us-gov-global).
            let host = region.hasPrefix("cn-") ? "\(service.endpointPrefix).cn-north-1.\(domain)"
                : region.hasPrefix("us-gov-") ? "\(service.endpointPrefix).us-gov.\(domain)"
                : "\(service.endpointPrefix).\(domain)"
            return ServiceEndpoint(baseURL: "https://\(host)", signingRegion: signingRegion, isCustom: false)
        }
        return ServiceEndpoint(baseURL: "https://\(service.endpointPrefix).\(region).\(domain)", signingRegion: signingRegion, isCustom: false)
    }

    /// The configured URL, if any, and where it came from (for `whoami` and `--verbose`).
    public func configuredURL(for service: AWSServiceDescription) -> String? {
        if ["true", "1"].contains(variables["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() ?? "")
            || profile?["ignore_configured_endpoint_urls"]?.lowercased() == "true" {
            return nil
        }
        if let url = nonEmpty(variables[service.endpointEnvironmentVariable]) { return url }
        if let url = nonEmpty(variables["AWS_ENDPOINT_URL"]) { return url }
        if let url = nonEmpty(profile?.serviceSetting(service.configKey, "endpoint_url")) { return url }
        return nonEmpty(profile?["endpoint_url"])
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    private static func partitionSigningRegion(_ global: String, region: String) -> String {
        if region.hasPrefix("cn-") { return "cn-north-1" }
        if region.hasPrefix("us-gov-") { return "us-gov-west-1" }
        return global
    }
}
