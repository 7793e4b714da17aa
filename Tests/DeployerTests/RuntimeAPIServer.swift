import Foundation
import SlipwayTestSupport
import NIOCore
import NIOHTTP1
import NIOPosix

/// A local stand-in for Lambda's Runtime API on 127.0.0.1: hands out queued invocations on
/// `GET …/invocation/next` (holding the request until one is queued, as Lambda does) and
/// records what the runtime posts back.
final class RuntimeAPIServer: Sendable {
    /// What the runtime posted for one invocation.
    enum Outcome: Sendable, Equatable {
        case response(String)
        case error(type: String, body: String)
    }

    struct Request: Sendable {
        let method: String
        let path: String
        let at: ContinuousClock.Instant
    }

    private let server: LocalHTTPServer
    private let state: State

    var address: String { "127.0.0.1:\(server.port)" }

    private init(server: LocalHTTPServer, state: State) {
        self.server = server
        self.state = state
    }

    static func start() async throws -> RuntimeAPIServer {
        let state = State()
        let server = try await LocalHTTPServer.start { request in
            await state.reply(method: request.method, path: request.path, headers: request.headers, body: request.body)
        }
        return RuntimeAPIServer(server: server, state: state)
    }

    /// Queues an invocation; returns its request id.
    @discardableResult
    func enqueue(_ event: [UInt8], deadline: Date = Date().addingTimeInterval(60), requestID: String = UUID().uuidString.lowercased()) async -> String {
        await state.enqueue(Invocation(requestID: requestID, body: event, deadlineMilliseconds: Int64(deadline.timeIntervalSince1970 * 1000)))
        return requestID
    }

    /// What the runtime posted for `requestID`, waiting up to `timeout`.
    func outcome(of requestID: String, timeout: Duration = .seconds(60)) async throws -> Outcome {
        try await eventually("a response or an error posted for invocation \(requestID)", timeout: timeout, interval: .milliseconds(20)) {
            await state.outcomes[requestID] != nil
        }
        guard let outcome = await state.outcomes[requestID] else {
            throw RuntimeAPIServerError(description: "no response or error was posted for invocation \(requestID)")
        }
        return outcome
    }

    var initErrors: [String] { get async { await state.initErrors } }
    var requests: [Request] { get async { await state.requests } }

    func stop() async {
        await state.shutDown()
        await server.stop()
    }

    // MARK: - State

    struct Invocation: Sendable {
        let requestID: String
        let body: [UInt8]
        let deadlineMilliseconds: Int64
    }

    actor State {
        private var queue: [Invocation] = []
        private var waiting: [CheckedContinuation<Invocation?, Never>] = []
        private var closed = false
        private(set) var outcomes: [String: Outcome] = [:]
        private(set) var initErrors: [String] = []
        private(set) var requests: [Request] = []

        func enqueue(_ invocation: Invocation) {
            if !waiting.isEmpty { waiting.removeFirst().resume(returning: invocation) } else { queue.append(invocation) }
        }

        func next() async -> Invocation? {
            if !queue.isEmpty { return queue.removeFirst() }
            if closed { return nil }
            return await withCheckedContinuation { waiting.append($0) }
        }

        func record(_ request: Request) { requests.append(request) }
        func post(_ requestID: String, _ outcome: Outcome) { outcomes[requestID] = outcome }
        func initError(_ body: String) { initErrors.append(body) }

        func shutDown() {
            closed = true
            for continuation in waiting { continuation.resume(returning: nil) }
            waiting = []
        }

        /// The status, headers and body of the reply to one request.
        func reply(method: String, path: String, headers: HTTPHeaders, body: [UInt8]) async -> LocalHTTPServer.Reply {
            record(Request(method: method, path: path, at: .now))
            let base = "/2018-06-01/runtime"
            let text = String(decoding: body, as: UTF8.self)
            if method == "GET", path == "\(base)/invocation/next" {
                guard let invocation = await next() else { return (.serviceUnavailable, [], Array("shutting down".utf8)) }
                return (.ok, [
                    ("Lambda-Runtime-Aws-Request-Id", invocation.requestID),
                    ("Lambda-Runtime-Deadline-Ms", String(invocation.deadlineMilliseconds)),
                    ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:test-deployer"),
                    ("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0"),
                    ("Content-Type", "application/json"),
                ], invocation.body)
            }
            if method == "POST", path == "\(base)/init/error" {
                initError(text)
                return (.accepted, [], Array(#"{"status":"OK"}"#.utf8))
            }
            let parts = path.dropFirst("\(base)/invocation/".count).split(separator: "/")
            if method == "POST", path.hasPrefix("\(base)/invocation/"), parts.count == 2 {
                let requestID = String(parts[0])
                switch parts[1] {
                case "response":
                    post(requestID, .response(text))
                    return (.accepted, [], Array(#"{"status":"OK"}"#.utf8))
                case "error":
                    post(requestID, .error(type: headers.first(name: "Lambda-Runtime-Function-Error-Type") ?? "", body: text))
                    return (.accepted, [], Array(#"{"status":"OK"}"#.utf8))
                default: break
                }
            }
            return (.notFound, [], Array("no \(method) \(path)".utf8))
        }
    }
}

struct RuntimeAPIServerError: Error, CustomStringConvertible {
    let description: String
}
