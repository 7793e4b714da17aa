import AWSSigV4

/// Caches another source's credentials and refreshes them before they expire; concurrent
/// callers share the one refresh in flight.
///
/// As botocore does, a refresh that fails while the cached credentials have not yet expired
/// keeps them in use, and such an early refresh is tried at most once per `retryInterval`, so a
/// source that hands out credentials already inside the margin (IMDS just before it rotates
/// them) is not called on every request. Once they have expired, every call waits for a refresh.
public actor CachedCredentialProvider: CredentialProvider {
    public nonisolated let sourceName: String
    let base: any CredentialProvider
    let refreshMargin: Duration
    let retryInterval: Duration
    let now: @Sendable () -> Date
    private var cached: AWSCredentials?
    private var refreshing: Task<AWSCredentials, any Error>?
    private var lastEarlyRefresh: Date?

    public init(_ base: any CredentialProvider, refreshMargin: Duration = .seconds(300), retryInterval: Duration = .seconds(30),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.base = base
        self.sourceName = base.sourceName
        self.refreshMargin = refreshMargin
        self.retryInterval = retryInterval
        self.now = now
    }

    public func credentials() async throws -> AWSCredentials {
        if let cached, !needsRefresh(cached) { return cached }
        let task: Task<AWSCredentials, any Error>
        if let refreshing {
            task = refreshing
        } else {
            // Unstructured, so that one caller's cancellation does not fail the others waiting on it.
            task = Task { [base] in try await base.credentials() }
            refreshing = task
            if let cached, !isExpired(cached) { lastEarlyRefresh = now() }
        }
        do {
            let fresh = try await task.value
            // Only the first caller to resume records the result; a later refresh is not overwritten.
            if refreshing == task {
                refreshing = nil
                cached = fresh
            }
            return fresh
        } catch {
            if refreshing == task { refreshing = nil }
            if let cached, !isExpired(cached) { return cached }
            throw error
        }
    }

    /// Forgets the cached credentials (after AWS said they were revoked, say).
    public func invalidate() {
        cached = nil
        lastEarlyRefresh = nil
    }

    private func needsRefresh(_ credentials: AWSCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        if isExpired(credentials) { return true }
        guard expiration.timeIntervalSince(now()) < refreshMargin.inSeconds else { return false }
        guard let lastEarlyRefresh else { return true }
        return now().timeIntervalSince(lastEarlyRefresh) >= retryInterval.inSeconds
    }

    private func isExpired(_ credentials: AWSCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration <= now()
    }
}

extension Duration {
    /// The duration in seconds, fractions included.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
