import NIOConcurrencyHelpers

/// AWS's retry modes: "standard" retries throttling, transient errors, 5xx and connection
/// failures a few times with full-jitter exponential backoff and a cap; "adaptive" does the same
/// and paces each service's requests with an `AdaptiveRateLimiter` once it throttles.
/// ("legacy", botocore's old default, is treated as standard.)
public struct RetryPolicy: Sendable {
    public enum Mode: String, Sendable {
        case standard
        case adaptive
    }

    public var maxAttempts: Int
    /// Attempts for a throttled call: as many as `maxAttempts` when it was set, else more, so
    /// that a paced run waits for AWS's rate limit instead of failing on it.
    public var throttledMaxAttempts: Int
    public var mode: Mode
    /// The adaptive mode's limiters, one per service, shared by every copy of the policy.
    public let limiters: RateLimiters
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Injectable so tests need not sleep.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Returns a number in [0, 1); injectable so tests can pin the jitter.
    public var random: @Sendable () -> Double

    public init(
        maxAttempts: Int = 3,
        throttledMaxAttempts: Int? = nil,
        mode: Mode = .standard,
        limiters: RateLimiters = RateLimiters(),
        baseDelay: Duration = .seconds(1),
        maxDelay: Duration = .seconds(20),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.throttledMaxAttempts = max(1, throttledMaxAttempts ?? maxAttempts)
        self.mode = mode
        self.limiters = limiters
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.sleep = sleep
        self.random = random
    }

    /// Attempts for a throttled call when `AWS_MAX_ATTEMPTS` and `max_attempts` are unset.
    public static let defaultThrottledMaxAttempts = 10

    /// As the AWS CLI reads it: `AWS_RETRY_MODE`, else the profile's `retry_mode`, else (Slipway's
    /// default) adaptive; `AWS_MAX_ATTEMPTS`, else the profile's `max_attempts`, else 3 (and 10
    /// for throttled calls). `SLIPWAY_RETRY_BASE_MS` sets the backoff's base delay (default
    /// 1000 ms), so that tests injecting faults need not wait seconds per retry; it is Slipway's
    /// own setting, not an AWS one.
    public static func standard(variables: [String: String], profile: AWSProfile?) -> RetryPolicy {
        let configured = variables["AWS_MAX_ATTEMPTS"].flatMap(Int.init) ?? profile?["max_attempts"].flatMap(Int.init)
        let modeName = (variables["AWS_RETRY_MODE"].flatMap { $0.isEmpty ? nil : $0 } ?? profile?["retry_mode"])?.lowercased()
        let mode: Mode = modeName == "standard" || modeName == "legacy" ? .standard : .adaptive
        let baseMilliseconds = variables["SLIPWAY_RETRY_BASE_MS"].flatMap(Int.init)
        let baseDelay: Duration = if let baseMilliseconds, baseMilliseconds >= 0 { .milliseconds(baseMilliseconds) } else { .seconds(1) }
        return RetryPolicy(maxAttempts: configured ?? 3, throttledMaxAttempts: configured ?? defaultThrottledMaxAttempts,
                           mode: mode, baseDelay: baseDelay)
    }

    /// The service's limiter in adaptive mode, else nil.
    public func limiter(for service: AWSServiceDescription) -> AdaptiveRateLimiter? {
        mode == .adaptive ? limiters.limiter(for: service.signingName) : nil
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

/// The adaptive mode's limiters by service signing name, made on first use.
public final class RateLimiters: Sendable {
    private let limiters = NIOLockedValueBox<[String: AdaptiveRateLimiter]>([:])
    private let now: AdaptiveRateLimiter.Clock

    public init(now: @escaping AdaptiveRateLimiter.Clock = AdaptiveRateLimiter.monotonicSeconds) {
        self.now = now
    }

    public func limiter(for service: String) -> AdaptiveRateLimiter {
        limiters.withLockedValue { all in
            if let limiter = all[service] { return limiter }
            let limiter = AdaptiveRateLimiter(now: now)
            all[service] = limiter
            return limiter
        }
    }
}
