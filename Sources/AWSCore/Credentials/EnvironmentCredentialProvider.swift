import AWSSigV4

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (or the older
/// `AWS_SECURITY_TOKEN`) and `AWS_CREDENTIAL_EXPIRATION`, as botocore's `EnvProvider` reads them.
public struct EnvironmentCredentialProvider: CredentialProvider {
    public let sourceName = "environment variables"
    let variables: [String: String]

    public init(variables: [String: String]) {
        self.variables = variables
    }

    public func credentials() async throws -> AWSCredentials {
        guard let keyID = nonEmpty("AWS_ACCESS_KEY_ID") else {
            throw CredentialSourceNotConfigured("AWS_ACCESS_KEY_ID is not set")
        }
        // A key id without its secret is a mistake to report, not a reason to look elsewhere.
        guard let secret = nonEmpty("AWS_SECRET_ACCESS_KEY") else {
            throw CredentialSourceFailed(source: sourceName, reason: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both, or unset AWS_ACCESS_KEY_ID")
        }
        let token = nonEmpty("AWS_SECURITY_TOKEN") ?? nonEmpty("AWS_SESSION_TOKEN")
        var expiration: Date?
        if let text = nonEmpty("AWS_CREDENTIAL_EXPIRATION") {
            guard let date = ISO8601Timestamp.parse(text) else {
                throw CredentialSourceFailed(source: sourceName, reason: "AWS_CREDENTIAL_EXPIRATION '\(text)' is not an ISO 8601 time such as 2030-01-31T12:00:00Z")
            }
            expiration = date
        }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token, expiration: expiration)
    }

    private func nonEmpty(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }
}
