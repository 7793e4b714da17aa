import AWSSigV4

/// No credentials: a client with this provider sends its requests unsigned, as botocore's
/// `UNSIGNED` does (STS AssumeRoleWithWebIdentity, where the web identity token is the proof).
public struct AnonymousCredentialProvider: CredentialProvider {
    public var sourceName: String { "anonymous (unsigned requests)" }

    public init() {}

    /// Empty keys, for callers that ask anyway; `AWSClient` does not ask, it skips signing.
    public func credentials() async throws -> AWSCredentials {
        AWSCredentials(accessKeyID: "", secretAccessKey: "")
    }
}
