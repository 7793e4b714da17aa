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

    /// The region name that stands for a service's one global endpoint.
    public static let globalRegion = "aws-global"

    public func endpoint(for service: AWSServiceDescription, region: String) -> ServiceEndpoint {
        let global = region == Self.globalRegion ? nil : service.partitionEndpoints[Self.partition(of: region)]
        let signingRegion = region == Self.globalRegion ? "us-east-1" : global?.signingRegion ?? region
        if let custom = configuredURL(for: service) {
            return ServiceEndpoint(baseURL: custom, signingRegion: signingRegion, isCustom: true)
        }
        // botocore's pseudo-region for a service's global endpoint (STS, S3), signed for us-east-1.
        if region == Self.globalRegion {
            return ServiceEndpoint(baseURL: "https://\(service.endpointPrefix).amazonaws.com", signingRegion: "us-east-1", isCustom: false)
        }
        if let global {
            return ServiceEndpoint(baseURL: "https://\(global.host)", signingRegion: signingRegion, isCustom: false)
        }
        let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return ServiceEndpoint(baseURL: "https://\(service.endpointPrefix).\(region).\(domain)", signingRegion: signingRegion, isCustom: false)
    }

    /// The partition a region belongs to, of the three the resolver knows.
    static func partition(of region: String) -> String {
        region.hasPrefix("cn-") ? "aws-cn" : region.hasPrefix("us-gov-") ? "aws-us-gov" : "aws"
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
}
