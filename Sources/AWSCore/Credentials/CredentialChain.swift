import AWSSigV4

/// Tries sources in order; the first one configured answers. When none is, the error lists
/// each source and why it was passed over.
public struct CredentialChain: CredentialProvider {
    public let providers: [any CredentialProvider]
    public var sourceName: String { "credential chain" }

    public init(_ providers: [any CredentialProvider]) {
        self.providers = providers
    }

    public func credentials() async throws -> AWSCredentials {
        var passedOver: [(String, String)] = []
        for provider in providers {
            do {
                return try await provider.credentials()
            } catch let skipped as CredentialSourceNotConfigured {
                passedOver.append((provider.sourceName, skipped.reason))
            }
        }
        throw NoCredentialsError(passedOver: passedOver)
    }
}

/// No source had credentials.
public struct NoCredentialsError: Error, Sendable, CustomStringConvertible {
    public let passedOver: [(source: String, reason: String)]

    public var description: String {
        "no AWS credentials found. Sources tried:\n"
            + passedOver.map { "  - \($0.source): \($0.reason)" }.joined(separator: "\n")
            + "\nSet AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or choose a profile with --profile or AWS_PROFILE."
    }
}
