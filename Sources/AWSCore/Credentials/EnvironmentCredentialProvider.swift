import AWSSigV4

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialProvider: CredentialProvider {
    public let sourceName = "environment variables"
    let environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    public func credentials() async throws -> AWSCredentials {
        guard let keyID = environment["AWS_ACCESS_KEY_ID"], !keyID.isEmpty else {
            throw CredentialSourceNotConfigured("AWS_ACCESS_KEY_ID is not set")
        }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw CredentialSourceNotConfigured("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)
    }
}
