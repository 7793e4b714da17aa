/// One read that many readers share: the first to ask starts it, the others wait for the same
/// answer (or the same error). Made for a listing that answers a whole plan's resources at once.
actor SharedRead<Value: Sendable> {
    private let fetch: @Sendable () async throws -> Value
    private var started: Task<Value, any Error>?

    init(_ fetch: @escaping @Sendable () async throws -> Value) {
        self.fetch = fetch
    }

    func value() async throws -> Value {
        if let started { return try await started.value }
        let task = Task { try await fetch() }
        started = task
        return try await task.value
    }
}
