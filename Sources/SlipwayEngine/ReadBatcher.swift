/// Gathers the single reads that arrive together into batch calls of at most `limit` keys: the
/// planner starts every resource's read at once, and AWS answers ten ECS services or a hundred
/// CodeBuild projects in one call. A read waits `window` for others to join, or less when a
/// batch fills; every reader gets its own key's value (nil when AWS found none) or the batch's error.
actor ReadBatcher<Key: Hashable & Sendable, Value: Sendable> {
    typealias Fetch = @Sendable ([Key]) async throws -> [Key: Value]

    private let limit: Int
    private let window: Duration
    private let fetch: Fetch
    private var waiting: [Key: [CheckedContinuation<Value?, any Error>]] = [:]
    private var queued: [Key] = []
    private var flushScheduled = false

    init(limit: Int, window: Duration = .milliseconds(5), fetch: @escaping Fetch) {
        self.limit = max(1, limit)
        self.window = window
        self.fetch = fetch
    }

    func load(_ key: Key) async throws -> Value? {
        try await withCheckedThrowingContinuation { continuation in
            if waiting[key] == nil { queued.append(key) }
            waiting[key, default: []].append(continuation)
            if queued.count >= limit {
                send(take(limit))
            } else if !flushScheduled {
                flushScheduled = true
                Task { await self.flushAfterWindow() }
            }
        }
    }

    private func flushAfterWindow() async {
        try? await Task.sleep(for: window)
        flushScheduled = false
        while !queued.isEmpty { send(take(limit)) }
    }

    private func take(_ count: Int) -> [(Key, [CheckedContinuation<Value?, any Error>])] {
        let keys = Array(queued.prefix(count))
        queued.removeFirst(keys.count)
        return keys.map { key in (key, waiting.removeValue(forKey: key) ?? []) }
    }

    private func send(_ batch: [(Key, [CheckedContinuation<Value?, any Error>])]) {
        guard !batch.isEmpty else { return }
        let fetch = self.fetch
        Task {
            do {
                let values = try await fetch(batch.map(\.0))
                for (key, continuations) in batch { continuations.forEach { $0.resume(returning: values[key]) } }
            } catch {
                for (_, continuations) in batch { continuations.forEach { $0.resume(throwing: error) } }
            }
        }
    }
}
