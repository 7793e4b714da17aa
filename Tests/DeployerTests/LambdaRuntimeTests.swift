import Foundation
import SlipwayTestSupport
import Testing
@testable import Deployer

/// The runtime loop in-process, over a stand-in Runtime API: each event handed to the handler
/// with its deadline, each result posted where Lambda expects it, an init error reported.
struct LambdaRuntimeTests {
    /// Hands out the queued invocations, then fails as a Runtime API that went away; records
    /// what the loop posts.
    final class StandInRuntimeAPI: RuntimeAPI, @unchecked Sendable {
        enum Posted: Equatable {
            case response(requestID: String, body: String)
            case error(requestID: String, LambdaError)
            case initError(LambdaError)
        }

        private let lock = NSLock()
        private var queue: [Invocation]
        private var recorded: [Posted] = []

        init(_ invocations: [Invocation]) {
            queue = invocations
        }

        var posted: [Posted] { lock.withLock { recorded } }

        func next() throws(RuntimeAPIError) -> Invocation {
            let next: Invocation? = lock.withLock { queue.isEmpty ? nil : queue.removeFirst() }
            guard let next else { throw RuntimeAPIError("GET /invocation/next: the Runtime API went away") }
            return next
        }

        func respond(requestID: String, body: [UInt8]) throws(RuntimeAPIError) {
            lock.withLock { recorded.append(.response(requestID: requestID, body: String(decoding: body, as: UTF8.self))) }
        }

        func reportError(requestID: String, _ error: LambdaError) throws(RuntimeAPIError) {
            lock.withLock { recorded.append(.error(requestID: requestID, error)) }
        }

        func reportInitError(_ error: LambdaError) throws(RuntimeAPIError) {
            lock.withLock { recorded.append(.initError(error)) }
        }
    }

    /// Answers with the event upper-cased, or an error for the event "fail"; keeps each context.
    final class EchoHandler: LambdaHandler, @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [InvocationContext] = []

        var contexts: [InvocationContext] { lock.withLock { seen } }

        func handle(_ event: [UInt8], context: InvocationContext) async -> InvocationResult {
            lock.withLock { seen.append(context) }
            let text = String(decoding: event, as: UTF8.self)
            if text == "fail" { return .error(LambdaError(type: "Echo.Failed", message: "asked to fail")) }
            return .response(Array(text.uppercased().utf8))
        }
    }

    /// The trace ids the loop hands on, instead of setting this test process's variables.
    final class TraceRecorder: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [String?] = []
        var values: [String?] { lock.withLock { seen } }
        func set(_ trace: String?) { lock.withLock { seen.append(trace) } }
    }

    @Test func eachEventIsHandledAndItsResultPostedUntilTheAPIGoesAway() async throws {
        let api = StandInRuntimeAPI([
            Invocation(requestID: "r-1", deadlineMilliseconds: 1_764_590_400_000, invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:dbmi-deployer",
                       traceID: "Root=1-5759e988-bd862e3fe1be46a994272793", body: Array("hello".utf8)),
            Invocation(requestID: "r-2", deadlineMilliseconds: nil, body: Array("fail".utf8)),
        ])
        let handler = EchoHandler()
        let traces = TraceRecorder()
        let stop = try await offPool { LambdaRuntime.serve(api, setTraceID: traces.set) { handler } }
        #expect(traces.values == ["Root=1-5759e988-bd862e3fe1be46a994272793", nil], "each invocation's trace id, none for the second")
        #expect(stop == .runtimeAPIFailed("GET /invocation/next: the Runtime API went away"))
        #expect(api.posted == [
            .response(requestID: "r-1", body: "HELLO"),
            .error(requestID: "r-2", LambdaError(type: "Echo.Failed", message: "asked to fail")),
        ])
        #expect(handler.contexts == [
            InvocationContext(requestID: "r-1", deadline: Date(timeIntervalSince1970: 1_764_590_400),
                              invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:dbmi-deployer",
                              traceID: "Root=1-5759e988-bd862e3fe1be46a994272793"),
            InvocationContext(requestID: "r-2", deadline: nil, invokedFunctionArn: nil, traceID: nil),
        ])
    }

    struct InitFailure: Error, CustomStringConvertible {
        var description: String { "AWS_REGION is not set" }
    }

    @Test func anInitErrorIsReportedAndNothingIsHandled() async throws {
        let api = StandInRuntimeAPI([Invocation(requestID: "r-1", deadlineMilliseconds: nil, body: [])])
        let stop = try await offPool { LambdaRuntime.serve(api, setTraceID: { _ in }) { throw InitFailure() } }
        #expect(stop == .initFailed("AWS_REGION is not set"))
        #expect(stop.description == "init failed: AWS_REGION is not set")
        #expect(api.posted == [.initError(LambdaError(type: "Runtime.InitError", message: "AWS_REGION is not set"))])
    }

    @Test func theDeployerAnswersAnEventThatIsNoJobWithALambdaError() async throws {
        let api = StandInRuntimeAPI([Invocation(requestID: "r-1", deadlineMilliseconds: nil, body: Array(#"{"hello": "world"}"#.utf8))])
        let stop = try await offPool {
            LambdaRuntime.serve(api, setTraceID: { _ in }) {
                try DeployerFunction(variables: ["AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "x"])
            }
        }
        #expect(stop == .runtimeAPIFailed("GET /invocation/next: the Runtime API went away"))
        guard case .error(let requestID, let error)? = api.posted.first else { Issue.record("no error posted: \(api.posted)"); return }
        #expect(requestID == "r-1")
        #expect(error.type == "Deployer.NotACodePipelineJob")
    }
}
