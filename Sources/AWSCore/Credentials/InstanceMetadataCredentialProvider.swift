import AWSSigV4

/// The role of an EC2 instance, from its instance metadata service: IMDSv2 (a session token
/// from `PUT /latest/api/token`), falling back to IMDSv1 as botocore does unless that is disabled.
/// Short timeouts and one attempt by default, so that off EC2 it gives up quickly; anything
/// short of credentials counts as "not configured", as in botocore.
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    public var sourceName: String { "EC2 instance metadata (\(baseURL))" }
    static let defaultEndpoint = "http://169.254.169.254"
    static let ipv6Endpoint = "http://[fd00:ec2::254]"
    static let credentialsPath = "/latest/meta-data/iam/security-credentials/"

    let transport: any HTTPTransport
    let isDisabled: Bool
    let isVersion1Disabled: Bool
    let baseURL: String
    let timeout: Duration
    let attempts: Int

    /// Reads `AWS_EC2_METADATA_DISABLED`, `AWS_EC2_METADATA_SERVICE_ENDPOINT(_MODE)`,
    /// `AWS_METADATA_SERVICE_TIMEOUT`, `AWS_METADATA_SERVICE_NUM_ATTEMPTS` and
    /// `AWS_EC2_METADATA_V1_DISABLED`, or the profile's settings of the same names in lower case.
    public init(variables: [String: String], profile: AWSProfile?, transport: any HTTPTransport) {
        func setting(_ variable: String, _ key: String) -> String? {
            variables[variable] ?? profile?[key]
        }
        self.transport = transport
        isDisabled = variables["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true"
        isVersion1Disabled = setting("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled")?.lowercased() == "true"
        var endpoint = setting("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint").flatMap { $0.isEmpty ? nil : $0 }
            ?? (setting("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode")?.lowercased() == "ipv6"
                ? Self.ipv6Endpoint : Self.defaultEndpoint)
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        baseURL = endpoint
        let seconds = setting("AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout").flatMap(Double.init) ?? 1
        timeout = .milliseconds(Int64(max(seconds, 0.001) * 1000))
        attempts = max(1, setting("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts").flatMap(Int.init) ?? 1)
    }

    public func credentials() async throws -> AWSCredentials {
        guard !isDisabled else { throw CredentialSourceNotConfigured("AWS_EC2_METADATA_DISABLED is true") }
        let token = try await sessionToken()
        guard token != nil || !isVersion1Disabled else {
            throw CredentialSourceNotConfigured("no IMDSv2 session token from \(baseURL), and IMDSv1 is disabled")
        }
        let roleList = try await get(Self.credentialsPath, token: token, what: "IAM role name")
        guard let role = roleList.bodyText.split(whereSeparator: \.isNewline).first.map({ $0.trimmed() }), !role.isEmpty else {
            throw CredentialSourceNotConfigured("the instance has no IAM role")
        }
        let reply = try await get(Self.credentialsPath + role, token: token, what: "credentials for role \(role)", needsJSON: true)
        let json = (try? JSONValue.parse(reply.body)) ?? .null
        guard let keyID = json["AccessKeyId"]?.stringValue, let secret = json["SecretAccessKey"]?.stringValue,
              let sessionToken = json["Token"]?.stringValue, let expirationText = json["Expiration"]?.stringValue else {
            // A 200 can carry an error, such as a role that EC2 is not trusted to assume.
            let detail = [json["Code"]?.stringValue, json["Message"]?.stringValue].compactMap { $0 }.joined(separator: ": ")
            throw CredentialSourceNotConfigured("the instance metadata service gave no credentials for role \(role)\(detail.isEmpty ? "" : " (\(detail))")")
        }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: sessionToken,
                              expiration: ISO8601Timestamp.parse(expirationText))
    }

    /// An IMDSv2 token, or nil when the service gives none (then IMDSv1 is tried, as in botocore).
    private func sessionToken() async throws -> String? {
        for _ in 1...attempts {
            let request = HTTPRequest(method: "PUT", url: baseURL + "/latest/api/token",
                                      headers: [("x-aws-ec2-metadata-token-ttl-seconds", "21600")])
            do {
                let response = try await transport.send(request, timeout: timeout)
                switch response.status {
                case 200: return response.bodyText
                case 403, 404, 405: return nil
                case 400: throw CredentialSourceNotConfigured("\(baseURL) refused the IMDSv2 token request (HTTP 400)")
                default: continue
                }
            } catch is TransportError {
                continue
            }
        }
        return nil
    }

    private func get(_ path: String, token: String?, what: String, needsJSON: Bool = false) async throws -> HTTPResponse {
        var lastFailure = ""
        var unreachable = false
        for _ in 1...attempts {
            let request = HTTPRequest(method: "GET", url: baseURL + path, headers: token.map { [("x-aws-ec2-metadata-token", $0)] } ?? [])
            let response: HTTPResponse
            do {
                response = try await transport.send(request, timeout: timeout)
            } catch let error as TransportError {
                (lastFailure, unreachable) = (error.reason, true)
                continue
            }
            unreachable = false
            if response.status != 200 {
                lastFailure = "HTTP \(response.status)"
            } else if response.body.isEmpty {
                lastFailure = "an empty reply"
            } else if needsJSON, (try? JSONValue.parse(response.body)) == nil {
                lastFailure = "a reply that is not JSON"
            } else {
                return response
            }
        }
        if unreachable {
            throw CredentialSourceNotConfigured("no instance metadata service answered at \(baseURL) (not on EC2?): \(lastFailure)")
        }
        throw CredentialSourceNotConfigured("\(baseURL) gave no \(what): \(lastFailure)")
    }
}
