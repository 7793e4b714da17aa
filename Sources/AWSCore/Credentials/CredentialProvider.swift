import AWSSigV4

/// A source of credentials.
public protocol CredentialProvider: Sendable {
    /// How the source is named when the chain lists what it tried ("environment variables").
    var sourceName: String { get }
    func credentials() async throws -> AWSCredentials
}

/// Thrown by a source that is not set up at all, so that the chain goes on to the next one.
public struct CredentialSourceNotConfigured: Error, Sendable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}

/// A source that is set up but failed (a denied AssumeRole, a failing credential_process).
public struct CredentialSourceFailed: Error, Sendable, CustomStringConvertible {
    public let source: String
    public let reason: String

    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }

    public var description: String { "credentials from \(source) failed: \(reason)" }
}

/// Fixed credentials.
public struct StaticCredentialProvider: CredentialProvider {
    public let sourceName: String
    let value: AWSCredentials

    public init(_ credentials: AWSCredentials, sourceName: String = "static credentials") {
        self.value = credentials
        self.sourceName = sourceName
    }

    public func credentials() async throws -> AWSCredentials { value }
}
