/// AWS's "standard" retry mode: a few attempts, full-jitter exponential backoff with a cap,
/// for throttling, transient errors, 5xx and connection failures.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Injectable so tests need not sleep.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Returns a number in [0, 1); injectable so tests can pin the jitter.
    public var random: @Sendable () -> Double

    public init(
        maxAttempts: Int = 3,
        baseDelay: Duration = .seconds(1),
        maxDelay: Duration = .seconds(20),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.sleep = sleep
        self.random = random
    }

    /// `AWS_MAX_ATTEMPTS`, else the profile's `max_attempts`, else 3. `SLIPWAY_RETRY_BASE_MS`
    /// sets the backoff's base delay (default 1000 ms), so that tests injecting faults need not wait
    /// seconds per retry; it is Slipway's own setting, not an AWS one.
    public static func standard(variables: [String: String], profile: AWSProfile?) -> RetryPolicy {
        let configured = variables["AWS_MAX_ATTEMPTS"].flatMap(Int.init) ?? profile?["max_attempts"].flatMap(Int.init)
        let baseMilliseconds = variables["SLIPWAY_RETRY_BASE_MS"].flatMap(Int.init)
        let baseDelay: Duration = if let baseMilliseconds, baseMilliseconds >= 0 { .milliseconds(baseMilliseconds) } else { .seconds(1) }
        return RetryPolicy(maxAttempts: configured ?? 3, baseDelay: baseDelay)
    }

    /// The delay before retry number `retry` (1 for the first retry).
    public func delay(beforeRetry retry: Int) -> Duration {
        let exponential = baseDelay * Int(pow2(retry - 1))
        let capped = min(exponential, maxDelay)
        return capped * random()
    }

    private func pow2(_ exponent: Int) -> Int {
        1 << min(max(exponent, 0), 20)
    }
}
