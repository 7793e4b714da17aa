import AWSSigV4
import AWSCore
import NIOConcurrencyHelpers
import Testing

/// The adaptive retry mode's limiter, on a clock the test moves: off until a throttle, its rate
/// cut at each throttle and recovering along the CUBIC curve after, as botocore's.
struct AdaptiveRateLimiterTests {
    final class ManualClock: Sendable {
        private let time = NIOLockedValueBox(100.0)
        var now: Double { time.withLockedValue { $0 } }
        func advance(_ seconds: Double) { time.withLockedValue { $0 += seconds } }
        var clock: AdaptiveRateLimiter.Clock { { self.now } }
    }

    /// `count` successful requests at `perSecond`.
    static func send(_ limiter: AdaptiveRateLimiter, _ clock: ManualClock, count: Int, perSecond: Double) {
        for _ in 0..<count {
            clock.advance(1 / perSecond)
            limiter.record(throttled: false)
        }
    }

    @Test func nothingIsPacedUntilTheServiceThrottles() {
        let clock = ManualClock()
        let limiter = AdaptiveRateLimiter(now: clock.clock)
        Self.send(limiter, clock, count: 50, perSecond: 20)
        #expect(limiter.rate == nil)
        #expect(limiter.takeToken() == .zero)
    }

    @Test func aThrottleCutsTheRateAndItRecoversAfter() throws {
        let clock = ManualClock()
        let limiter = AdaptiveRateLimiter(now: clock.clock)
        Self.send(limiter, clock, count: 40, perSecond: 10)
        clock.advance(0.1)
        limiter.record(throttled: true)
        let cut = try #require(limiter.rate)
        // 70 % of the measured rate of about 10 a second.
        #expect(cut > 5 && cut < 8, "\(cut)")

        // Successes right after the throttle keep the rate below what was throttled...
        Self.send(limiter, clock, count: 5, perSecond: 5)
        let soonAfter = try #require(limiter.rate)
        #expect(soonAfter < 10)
        // ...and, seconds later, it has grown back past the cut rate towards the old maximum.
        Self.send(limiter, clock, count: 40, perSecond: 8)
        let later = try #require(limiter.rate)
        #expect(later > cut, "\(later) after \(cut)")

        // A second throttle cuts it again.
        limiter.record(throttled: true)
        #expect(try #require(limiter.rate) < later)
    }

    @Test func anEmptyBucketMakesTheNextRequestWait() throws {
        let clock = ManualClock()
        let limiter = AdaptiveRateLimiter(now: clock.clock)
        Self.send(limiter, clock, count: 20, perSecond: 4)
        limiter.record(throttled: true)
        let rate = try #require(limiter.rate)
        // The bucket starts empty after a throttle: the first request waits about one token's time.
        let wait = limiter.takeToken()
        #expect(wait > .zero)
        #expect(abs(Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18 - 1 / rate) < 0.01)
        clock.advance(1 / rate + 0.001)
        #expect(limiter.takeToken() == .zero)
    }

    @Test func theClientWaitsAndGoesOnWhenAServiceThrottles() async throws {
        let throttled = HTTPResponse(status: 400, headers: [(name: "Content-Type", value: "application/x-amz-json-1.1")],
                                     body: Array(#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#.utf8))
        let ok = HTTPResponse(status: 200, body: Array("{}".utf8))
        // Five throttles in a row, more than the three attempts of other errors: still a success.
        let transport = ScriptedTransport(responses: Array(repeating: throttled, count: 5) + [ok])
        let waits = NIOLockedValueBox<[RateLimitWait]>([])
        let clock = ManualClock()
        let policy = RetryPolicy(maxAttempts: 3, throttledMaxAttempts: RetryPolicy.defaultThrottledMaxAttempts, mode: .adaptive,
                                 limiters: RateLimiters(now: clock.clock), sleep: { clock.advance(Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18) },
                                 random: { 0.5 })
        let client = AWSClient(
            region: "us-east-1", credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "secret")),
            transport: transport, retryPolicy: policy, rateLimitObserver: { wait in waits.withLockedValue { $0.append(wait) } })
        let ecs = AWSServiceDescription(serviceID: "ECS", signingName: "ecs", endpointPrefix: "ecs",
                                        wireProtocol: .json(targetPrefix: "AmazonEC2ContainerServiceV20141113", version: "1.1"))
        _ = try await client.json(ecs, "RegisterTaskDefinition", EmptyShape(), as: EmptyShape.self)
        #expect(transport.requests.count == 6)
        let seen = waits.withLockedValue { $0 }
        #expect(!seen.isEmpty)
        #expect(seen.allSatisfy { $0.service == "ECS" && $0.operation == "RegisterTaskDefinition" && $0.rate != nil })
    }

    @Test func retryModeAndAttemptsAreReadAsTheCLIReadsThem() {
        #expect(RetryPolicy.standard(variables: [:], profile: nil).mode == .adaptive)
        #expect(RetryPolicy.standard(variables: ["AWS_RETRY_MODE": "standard"], profile: nil).mode == .standard)
        #expect(RetryPolicy.standard(variables: ["AWS_RETRY_MODE": "legacy"], profile: nil).mode == .standard)
        #expect(RetryPolicy.standard(variables: [:], profile: AWSProfile(name: "p", settings: ["retry_mode": "standard"])).mode == .standard)
        #expect(RetryPolicy.standard(variables: ["AWS_RETRY_MODE": "adaptive"], profile: AWSProfile(name: "p", settings: ["retry_mode": "standard"])).mode == .adaptive)
        let unset = RetryPolicy.standard(variables: [:], profile: nil)
        #expect(unset.maxAttempts == 3 && unset.throttledMaxAttempts == 10)
        let set = RetryPolicy.standard(variables: ["AWS_MAX_ATTEMPTS": "4"], profile: nil)
        #expect(set.maxAttempts == 4 && set.throttledMaxAttempts == 4)
    }
}
