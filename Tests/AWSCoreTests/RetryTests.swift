import AWSSigV4
import Foundation
import Testing
@testable import AWSCore

/// The standard retry mode: what is retried, how long it waits, and that each attempt is signed anew.
struct RetryTests {
    static let ecs = AWSServiceDescription(serviceID: "ECS", signingName: "ecs", endpointPrefix: "ecs",
                                           wireProtocol: .json(targetPrefix: "AmazonEC2ContainerServiceV20141113", version: "1.1"))
    static let throttled = HTTPResponse.json(400, #"{"__type":"ThrottlingException","message":"Rate exceeded"}"#)
    static let ok = HTTPResponse.json(200, #"{"clusterArns":["arn:aws:ecs:us-east-1:123456789012:cluster/a"]}"#)

    struct Clusters: Decodable { let clusterArns: [String] }

    /// A client over `transport` whose sleeps are recorded, not slept.
    static func client(_ transport: ScriptedTransport, maxAttempts: Int = 3, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(20),
                       random: Double = 0.5, sleeps: Recorder<Duration>, records: SyncRecorder<AWSCallRecord>? = nil,
                       now: @escaping @Sendable () -> Date = { Date() }) -> AWSClient {
        var observer: (@Sendable (AWSCallRecord) -> Void)?
        if let records {
            observer = { record in records.append(record) }
        }
        return AWSClient(
            region: "us-east-1",
            credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "secret")),
            transport: transport,
            retryPolicy: RetryPolicy(maxAttempts: maxAttempts, baseDelay: baseDelay, maxDelay: maxDelay,
                                     sleep: { await sleeps.append($0) }, random: { random }),
            observer: observer,
            now: now)
    }

    @Test func throttlingTwiceThenSuccessTakesThreeAttempts() async throws {
        let transport = ScriptedTransport(responses: [Self.throttled, Self.throttled, Self.ok])
        let sleeps = Recorder<Duration>()
        let output = try await Self.client(transport, sleeps: sleeps).json(Self.ecs, "ListClusters", EmptyShape(), as: Clusters.self)
        #expect(output.clusterArns.count == 1)
        #expect(transport.requests.count == 3)
        #expect(await sleeps.values == [.milliseconds(500), .seconds(1)])
    }

    @Test func backoffGrowsExponentiallyAndIsCapped() async throws {
        let transport = ScriptedTransport(responses: [.json(503, "")])
        let sleeps = Recorder<Duration>()
        let error = await #expect(throws: AWSError.self) {
            try await Self.client(transport, maxAttempts: 7, maxDelay: .seconds(5), sleeps: sleeps).json(Self.ecs, "ListClusters", EmptyShape(), as: Clusters.self)
        }
        #expect(error?.statusCode == 503)
        #expect(transport.requests.count == 7)
        #expect(await sleeps.values == [.milliseconds(500), .seconds(1), .seconds(2), .milliseconds(2500), .milliseconds(2500), .milliseconds(2500)])
    }

    @Test func jitterScalesTheDelay() {
        let policy = RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(20), random: { 0.25 })
        #expect(policy.delay(beforeRetry: 1) == .milliseconds(250))
        #expect(policy.delay(beforeRetry: 3) == .seconds(1))
        #expect(policy.delay(beforeRetry: 40) == .seconds(5))
    }

    @Test func aValidationErrorIsNotRetried() async throws {
        let transport = ScriptedTransport(responses: [.json(400, #"{"__type":"com.amazon.coral.validate#ValidationException","message":"bad name"}"#), Self.ok])
        let sleeps = Recorder<Duration>()
        let error = await #expect(throws: AWSError.self) {
            try await Self.client(transport, sleeps: sleeps).json(Self.ecs, "ListClusters", EmptyShape(), as: Clusters.self)
        }
        #expect(error?.code == "ValidationException")
        #expect(error?.message == "bad name")
        #expect(transport.requests.count == 1)
        #expect(await sleeps.values.isEmpty)
    }

    @Test(arguments: [500, 502, 503, 504, 429])
    func serverErrorsAndTooManyRequestsAreRetried(_ status: Int) async throws {
        let transport = ScriptedTransport(responses: [.json(status, ""), Self.ok])
        let sleeps = Recorder<Duration>()
        _ = try await Self.client(transport, sleeps: sleeps).json(Self.ecs, "ListClusters", EmptyShape(), as: Clusters.self)
        #expect(transport.requests.count == 2)
    }

    @Test func transportErrorsAreRetriedThenReported() async throws {
        let transport = ScriptedTransport { request, _ in throw TransportError(url: request.url, reason: "connection reset") }
        let sleeps = Recorder<Duration>()
        let records = SyncRecorder<AWSCallRecord>()
        let error = await #expect(throws: AWSClientError.self) {
            try await Self.client(transport, sleeps: sleeps, records: records).json(Self.ecs, "ListClusters", EmptyShape(), as: Clusters.self)
        }
        #expect(error?.description == "ECS ListClusters: could not reach https://ecs.us-east-1.amazonaws.com/: connection reset (after 3 attempts); "
            + "check the region (us-east-1), the network, and AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_ECS if set")
        #expect(transport.requests.count == 3)
        #expect(await sleeps.values.count == 2)
        guard case .transport(let service, let operation, let cause, let attempts, _)? = error else {
            Issue.record("a network failure is a transport error, not \(String(describing: error))")
            return
        }
        #expect([service, operation] == ["ECS", "ListClusters"])
        #expect(cause.reason == "connection reset" && attempts == 3)
    }

    @Test func aReplyThatDoesNotFitTheShapeIsUnreadableNotATransportError() async throws {
        let transport = ScriptedTransport(responses: [.json(200, #"{"clusterArns": "not a list"}"#)])
        let error = await #expect(throws: AWSClientError.self) {
            try await Self.client(transport, sleeps: Recorder<Duration>()).json(Self.ecs, "ListClusters", EmptyShape(), as: Clusters.self)
        }
        guard case .unreadableReply(let service, let operation, _)? = error else {
            Issue.record("a reply that cannot be read is an unreadable reply, not \(String(describing: error))")
            return
        }
        #expect([service, operation] == ["ECS", "ListClusters"])
        #expect(error?.description.hasPrefix("ECS ListClusters: unreadable reply: ") == true)
        #expect(transport.requests.count == 1)
    }

    @Test func maxAttemptsComesFromTheEnvironmentThenTheProfile() async throws {
        #expect(RetryPolicy.standard(variables: ["AWS_MAX_ATTEMPTS": "5"], profile: AWSProfile(name: "p", settings: ["max_attempts": "2"])).maxAttempts == 5)
        #expect(RetryPolicy.standard(variables: [:], profile: AWSProfile(name: "p", settings: ["max_attempts": "2"])).maxAttempts == 2)
        #expect(RetryPolicy.standard(variables: [:], profile: nil).maxAttempts == 3)

        let directory = try TemporaryDirectory()
        let configuration = try AWSConfiguration(variables: try directory.environment([
            "AWS_MAX_ATTEMPTS": "5", "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "B",
        ]))
        let transport = ScriptedTransport(responses: [.json(503, "")])
        var client = configuration.makeClient(transport: transport)
        var policy = client.retryPolicy
        policy.sleep = { _ in }
        client = AWSClient(region: client.region, credentialProvider: client.credentialProvider, transport: transport, retryPolicy: policy)
        await #expect(throws: AWSError.self) { try await client.json(Self.ecs, "ListClusters", EmptyShape(), as: Clusters.self) }
        #expect(transport.requests.count == 5)
    }

    @Test func everyAttemptIsSignedAgainAtItsOwnTime() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport { _, index in
            clock.advance(by: 7)
            return index < 2 ? Self.throttled : Self.ok
        }
        let sleeps = Recorder<Duration>()
        let records = SyncRecorder<AWSCallRecord>()
        _ = try await Self.client(transport, sleeps: sleeps, records: records, now: clock.function).json(Self.ecs, "ListClusters", EmptyShape(), as: Clusters.self)
        let dates = transport.requests.compactMap { $0.header("X-Amz-Date") }
        #expect(dates == ["20231114T221320Z", "20231114T221327Z", "20231114T221334Z"])
        #expect(Set(transport.requests.compactMap { $0.header("Authorization") }).count == 3)
        #expect(records.values.map(\.attempt) == [1, 2, 3])
        #expect(records.values.map(\.errorCode).filter { $0 == "ThrottlingException" }.count == 2)
    }
}
