import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The client-side rate limiter of AWS's "adaptive" retry mode, as botocore's
/// `retries/adaptive.py` has it: nothing at all until a service throttles; from then on every
/// request takes a token from a bucket whose rate follows a CUBIC curve, cut to 70 % of the
/// measured sending rate at each throttle and growing back between them (never above twice the
/// rate actually measured). One per service, shared by every copy of a client.
public final class AdaptiveRateLimiter: Sendable {
    /// Seconds on a monotonic clock; injectable so tests drive time.
    public typealias Clock = @Sendable () -> Double

    static let minimumRate = 0.5
    static let scaleConstant = 0.4
    static let beta = 0.7
    static let smoothing = 0.8
    static let bucketSeconds = 0.5

    struct State {
        var enabled = false
        // The token bucket.
        var fillRate = AdaptiveRateLimiter.minimumRate
        var maxCapacity = 1.0
        var capacity = 0.0
        var lastRefill: Double?
        // CUBIC.
        var lastMaxRate = AdaptiveRateLimiter.minimumRate
        var lastThrottle: Double
        var inflection: Double = 0
        // The measured sending rate, in half-second buckets.
        var measuredRate = 0.0
        var count = 0.0
        var lastBucket: Double

        init(now: Double) {
            lastThrottle = now
            lastBucket = (now / AdaptiveRateLimiter.bucketSeconds).rounded(.down) * AdaptiveRateLimiter.bucketSeconds
            inflection = Self.zeroPoint(lastMaxRate)
        }

        static func zeroPoint(_ maxRate: Double) -> Double {
            cbrt(maxRate * (1 - AdaptiveRateLimiter.beta) / AdaptiveRateLimiter.scaleConstant)
        }

        mutating func refill(_ now: Double) {
            if let lastRefill { capacity = min(maxCapacity, capacity + (now - lastRefill) * fillRate) }
            lastRefill = now
        }

        mutating func setMaxRate(_ rate: Double, _ now: Double) {
            refill(now)
            fillRate = max(rate, AdaptiveRateLimiter.minimumRate)
            maxCapacity = max(rate, 1)
            capacity = min(capacity, maxCapacity)
        }

        mutating func measure(_ now: Double) -> Double {
            let bucket = (now / AdaptiveRateLimiter.bucketSeconds).rounded(.down) * AdaptiveRateLimiter.bucketSeconds
            count += 1
            if bucket > lastBucket {
                let current = count / (bucket - lastBucket)
                measuredRate = current * AdaptiveRateLimiter.smoothing + measuredRate * (1 - AdaptiveRateLimiter.smoothing)
                count = 0
                lastBucket = bucket
            }
            return measuredRate
        }
    }

    private let state: NIOLockedValueBox<State>
    private let now: Clock

    public init(now: @escaping Clock = AdaptiveRateLimiter.monotonicSeconds) {
        self.now = now
        state = NIOLockedValueBox(State(now: now()))
    }

    public static let monotonicSeconds: Clock = {
        let clock = ContinuousClock()
        let origin = clock.now
        return {
            let elapsed = origin.duration(to: clock.now).components
            return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        }
    }()

    /// The rate requests may go at now, or nil while the service has not throttled.
    public var rate: Double? {
        state.withLockedValue { $0.enabled ? $0.fillRate : nil }
    }

    /// How long to wait before the next request may go (zero while no throttle was seen); the
    /// request's token is taken when the wait is zero.
    public func takeToken() -> Duration {
        let time = now()
        return state.withLockedValue { state in
            guard state.enabled else { return .zero }
            state.refill(time)
            if state.capacity >= 1 {
                state.capacity -= 1
                return .zero
            }
            return .milliseconds(Int64(((1 - state.capacity) / state.fillRate * 1000).rounded(.up)))
        }
    }

    /// Waits for a token with `sleep`; how long it waited.
    public func acquire(sleep: @Sendable (Duration) async throws -> Void) async throws -> Duration {
        var waited = Duration.zero
        while true {
            let wait = takeToken()
            if wait == .zero { return waited }
            try await sleep(wait)
            waited += wait
        }
    }

    /// What a response says about the rate: a throttle cuts it, anything else lets it grow.
    public func record(throttled: Bool) {
        let time = now()
        state.withLockedValue { state in
            let measured = state.measure(time)
            let newRate: Double
            if throttled {
                let rateToUse = state.enabled ? min(measured, state.fillRate) : measured
                state.enabled = true
                state.lastMaxRate = rateToUse
                state.inflection = State.zeroPoint(rateToUse)
                state.lastThrottle = time
                newRate = rateToUse * Self.beta
            } else {
                guard state.enabled else { return }
                let elapsed = time - state.lastThrottle - state.inflection
                newRate = Self.scaleConstant * elapsed * elapsed * elapsed + state.lastMaxRate
            }
            state.setMaxRate(min(newRate, 2 * measured), time)
        }
    }
}
