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

/// Caches another source's credentials and refreshes them before they expire; concurrent
/// callers during a refresh wait for the one refresh in flight.
public actor CachedCredentialProvider: CredentialProvider {
    public nonisolated let sourceName: String
    let base: any CredentialProvider
    let refreshMargin: Duration
    let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    private var refreshing: Task<AWSCredentials, any Error>?

    public init(_ base: any CredentialProvider, refreshMargin: Duration = .seconds(300), now: @escaping @Sendable () -> Date = { Date() }) {
        self.base = base
        self.sourceName = base.sourceName
        self.refreshMargin = refreshMargin
        self.now = now
    }

    public func credentials() async throws -> AWSCredentials {
        if let cached, !needsRefresh(cached) { return cached }
        if let refreshing { return try await refreshing.value }
        let task = Task { try await base.credentials() }
        refreshing = task
        defer { refreshing = nil }
        let fresh = try await task.value
        cached = fresh
        return fresh
    }

    private func needsRefresh(_ credentials: AWSCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration.timeIntervalSince(now()) < Double(refreshMargin.components.seconds)
    }
}
