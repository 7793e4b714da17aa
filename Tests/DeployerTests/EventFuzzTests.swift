import AWSSigV4
import AWSCore
import Deployer
import Foundation
import Logging
import SlipwayTestSupport
import Testing

/// Property tests of the deployer on damaged CodePipeline events: thousands of seeded mutations
/// of a valid job event (byte flips, truncations, values of the wrong type, missing and huge
/// fields, deep nesting). Whatever arrives, the deployer never crashes: it is not a job (a Lambda
/// error), or it ends in exactly one failure CodePipeline accepts (1 to 5000 characters) that
/// never quotes the artifact credentials. A local stand-in denies every AWS call, so none can succeed.
struct EventFuzzTests {
    static let secretKey = "fuzzSECRETaccessKEY0123456789abcdefABCDEF"
    static let sessionToken = "fuzzSESSIONtoken/IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJH"

    static let valid: JSONValue = .object(["CodePipeline.job": .object([
        "id": .string("11111111-2222-3333-4444-555555555555"),
        "accountId": .string("123456789012"),
        "data": .object([
            "actionConfiguration": .object(["configuration": .object([
                "FunctionName": .string("demo-deployer"),
                "UserParameters": .string(#"{"cluster":"demo","container":"web","family":"demo-development-web","service":"demo-development-web"}"#),
            ])]),
            "inputArtifacts": .array([.object([
                "name": .string("BuildOutput"),
                "location": .object(["type": .string("S3"), "s3Location": .object([
                    "bucketName": .string("demo-artifacts"), "objectKey": .string("demo-pipeline/BuildOutpu/abc123"),
                ])]),
            ])]),
            "outputArtifacts": .array([]),
            "artifactCredentials": .object([
                "accessKeyId": .string("ASIAFUZZACCESSKEY0001"), "secretAccessKey": .string(secretKey),
                "sessionToken": .string(sessionToken), "expirationTime": .number(1_900_000_000_000),
            ]),
        ]),
    ])])

    /// Odd values put in place of one member.
    static let oddValues: [JSONValue] = [
        .null, .bool(true), .number(-1), .number(1e300), .string(""), .string(String(repeating: "x", count: 20_000)),
        .string("{\"cluster\":"), .string("{}"), .string("[1,2]"), .string("null"), .array([]), .object([:]),
        .string("é😀\u{0}\u{FEFF}"), .array([.null, .object([:])]),
    ]

    static func mutate(_ value: JSONValue, using generator: inout SeededGenerator, depth: Int = 0) -> JSONValue {
        switch value {
        case .object(var members) where !members.isEmpty && Int.random(in: 0..<3, using: &generator) > 0:
            let key = members.keys.sorted().randomElement(using: &generator)!
            switch Int.random(in: 0..<5, using: &generator) {
            case 0: members[key] = nil
            case 1: members[key] = oddValues.randomElement(using: &generator)!
            case 2: members[key + "x"] = members[key]; members[key] = nil
            default: members[key] = mutate(members[key]!, using: &generator, depth: depth + 1)
            }
            return .object(members)
        case .array(var items) where !items.isEmpty && Bool.random(using: &generator):
            let index = Int.random(in: 0..<items.count, using: &generator)
            items[index] = mutate(items[index], using: &generator, depth: depth + 1)
            if Bool.random(using: &generator) { items.append(items[index]) }
            return .array(items)
        case .string(let text) where text.hasPrefix("{") && Bool.random(using: &generator):
            // The user parameters are JSON inside a string: damage that JSON too.
            guard let inner = try? JSONValue.parse(Array(text.utf8)) else { return .string(String(text.dropLast())) }
            return .string(mutate(inner, using: &generator, depth: depth + 1).jsonText())
        default:
            return oddValues.randomElement(using: &generator)!
        }
    }

    /// The event's bytes after one or more mutations, mostly inside the job's data (a job
    /// without an id is not a job at all), some of them on the raw text.
    static func damagedEvent(using generator: inout SeededGenerator) -> [UInt8] {
        var value = valid
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            if Int.random(in: 0..<8, using: &generator) == 0 {
                value = mutate(value, using: &generator)
            } else if case .object(var event) = value, case .object(var job)? = event["CodePipeline.job"], let data = job["data"] {
                job["data"] = mutate(data, using: &generator)
                event["CodePipeline.job"] = .object(job)
                value = .object(event)
            }
        }
        var bytes = Array(value.jsonText().utf8)
        switch Int.random(in: 0..<10, using: &generator) {
        case 0: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
        case 1:
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            }
        case 2:
            let depth = Int.random(in: 1...5000, using: &generator)
            bytes = Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8)
        default: break
        }
        return bytes
    }

    /// A client whose every call is denied at once by a local stand-in for AWS.
    static func deniedClient(_ server: LocalHTTPServer) -> AWSClient {
        AWSClient(
            region: "us-east-1",
            credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIAFUNCTIONROLE0001", secretAccessKey: "function-role-secret")),
            endpointResolver: EndpointResolver(variables: ["AWS_ENDPOINT_URL": "http://127.0.0.1:\(server.port)"], profile: nil),
            retryPolicy: RetryPolicy(maxAttempts: 1),
            timeout: .seconds(10))
    }

    static func denyAll() async throws -> LocalHTTPServer {
        try await LocalHTTPServer.start { request in
            if request.headers.first(name: "X-Amz-Target") != nil {
                return (.badRequest, [("Content-Type", "application/x-amz-json-1.1")],
                        Array(#"{"__type":"AccessDeniedException","message":"User is not authorized to perform this action"}"#.utf8))
            }
            return (.forbidden, [("Content-Type", "application/xml")],
                    Array("<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>fuzz</RequestId></Error>".utf8))
        }
    }

    @Test func damagedEventsEndInOneClearFailureOrALambdaError() async throws {
        var generator = SeededGenerator(seed: 0xDE_9107)
        let iterations = Int(ProcessInfo.processInfo.environment["SLIPWAY_FUZZ_ITERATIONS"] ?? "") ?? 1500
        let server = try await Self.denyAll()
        defer { Task { await server.stop() } }
        let job = DeployJob(client: Self.deniedClient(server), logger: Logger(label: "fuzz") { _ in SwiftLogNoOpLogHandler() })
        var notJobs = 0, failures = 0
        for iteration in 0..<iterations {
            let bytes = Self.damagedEvent(using: &generator)
            guard let event = CodePipelineJobEvent.decode(bytes) else {
                notJobs += 1
                continue
            }
            let result = await job.run(event.job, until: Date().addingTimeInterval(10))
            let request = try #require(result.failureRequest(jobID: event.job.id), "iteration \(iteration): \(result.outcome) for \(String(decoding: bytes.prefix(300), as: UTF8.self))")
            failures += 1
            let message = request.failureDetails.message
            #expect((1...5000).contains(message.count), "iteration \(iteration): a message of \(message.count) characters")
            #expect(!message.contains(Self.secretKey) && !message.contains(Self.sessionToken), "iteration \(iteration) quoted a credential: \(message)")
            #expect(!message.contains("Swift.") && !message.contains("DecodingError"), "iteration \(iteration): a programmer's message: \(message)")
        }
        print("event fuzz: \(iterations) events, \(notJobs) not jobs, \(failures) failures")
        #expect(notJobs > 0 && failures > iterations / 3, "both kinds were exercised: \(notJobs) not jobs, \(failures) failures")
    }
}
