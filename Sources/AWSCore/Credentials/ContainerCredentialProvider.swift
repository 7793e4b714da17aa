import AWSSigV4

/// ECS task roles and EKS Pod Identity: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on
/// 169.254.170.2) or `AWS_CONTAINER_CREDENTIALS_FULL_URI`, with `AWS_CONTAINER_AUTHORIZATION_TOKEN`
/// or `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` as the Authorization header, as botocore's
/// `ContainerProvider` does.
public struct ContainerCredentialProvider: CredentialProvider {
    public var sourceName: String { "container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI)" }
    static let ecsHost = "169.254.170.2"
    /// Hosts allowed over plain http besides loopback addresses.
    static let allowedHTTPHosts: Set<String> = [ecsHost, "169.254.170.23", "fd00:ec2::23", "localhost"]

    let variables: [String: String]
    let transport: any HTTPTransport
    let timeout: Duration
    let attempts: Int
    let sleep: @Sendable (Duration) async throws -> Void

    public init(
        variables: [String: String], transport: any HTTPTransport,
        timeout: Duration = .seconds(2), attempts: Int = 3,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.variables = variables
        self.transport = transport
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.sleep = sleep
    }

    public func credentials() async throws -> AWSCredentials {
        let url: String
        if let relative = nonEmpty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            url = "http://\(Self.ecsHost)\(relative)"
        } else if let full = nonEmpty("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            guard Self.isAllowed(full) else {
                throw failed("AWS_CONTAINER_CREDENTIALS_FULL_URI '\(full)' must use https, or http to a loopback address or one of \(Self.allowedHTTPHosts.sorted().joined(separator: ", "))")
            }
            url = full
        } else {
            throw CredentialSourceNotConfigured("neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set")
        }

        var lastFailure = ""
        for attempt in 1...attempts {
            if attempt > 1 { try await sleep(.seconds(1)) }
            // The token file is read on every attempt: EKS rotates it.
            var headers: [(name: String, value: String)] = [("Accept", "application/json")]
            if let token = try authorizationToken() { headers.append(("Authorization", token)) }
            let response: HTTPResponse
            do {
                response = try await transport.send(HTTPRequest(method: "GET", url: url, headers: headers), timeout: timeout)
            } catch let error as TransportError {
                lastFailure = error.description
                continue
            }
            guard response.status == 200 else {
                lastFailure = "\(url) answered HTTP \(response.status): \(ProcessCredentialProvider.excerpt(response.bodyText, limit: 300))"
                continue
            }
            guard let json = try? JSONValue.parse(response.body), case .object = json else {
                lastFailure = "\(url) did not answer with JSON"
                continue
            }
            return try credentials(from: json, url: url)
        }
        throw failed("\(lastFailure) (after \(attempts) attempt\(attempts == 1 ? "" : "s"))")
    }

    private func credentials(from json: JSONValue, url: String) throws -> AWSCredentials {
        func field(_ name: String) throws -> String {
            guard let value = json[name]?.stringValue else { throw failed("the reply of \(url) lacks \(name)") }
            return value
        }
        let expirationText = try field("Expiration")
        guard let expiration = ISO8601Timestamp.parse(expirationText) else {
            throw failed("the reply of \(url) has an unreadable Expiration '\(expirationText)'")
        }
        return AWSCredentials(accessKeyID: try field("AccessKeyId"), secretAccessKey: try field("SecretAccessKey"),
                              sessionToken: try field("Token"), expiration: expiration)
    }

    private func authorizationToken() throws -> String? {
        var token: String?
        if let path = nonEmpty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw failed("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE '\(path)'")
            }
            token = String(decoding: data, as: UTF8.self)
        } else if let value = variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"] {
            token = value
        }
        if let token, token.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" }) {
            throw failed("the container authorization token contains a line break, which cannot go in an HTTP header")
        }
        return token
    }

    /// https anywhere; http only to loopback addresses and the container credential hosts.
    static func isAllowed(_ url: String) -> Bool {
        guard let (scheme, host) = schemeAndHost(of: url) else { return false }
        if scheme == "https" { return true }
        guard scheme == "http" else { return false }
        return allowedHTTPHosts.contains(host) || isLoopback(host)
    }

    static func schemeAndHost(of url: String) -> (String, String)? {
        guard let separator = url.firstRange(of: "://") else { return nil }
        let scheme = url[..<separator.lowerBound].lowercased()
        var authority = url[separator.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let host: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
        } else {
            host = authority.prefix { $0 != ":" }
        }
        guard !host.isEmpty else { return nil }
        return (scheme, host.lowercased())
    }

    /// 127.0.0.0/8 and ::1.
    static func isLoopback(_ host: String) -> Bool {
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }), octets[0] == "127" { return true }
        let groups = host.split(separator: ":", omittingEmptySubsequences: true)
        return host.contains(":") && groups.last.flatMap { UInt16($0, radix: 16) } == 1
            && groups.dropLast().allSatisfy { UInt16($0, radix: 16) == 0 }
            && (host.contains("::") || groups.count == 8)
    }

    private func nonEmpty(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    private func failed(_ reason: String) -> CredentialSourceFailed {
        CredentialSourceFailed(source: sourceName, reason: reason)
    }
}
