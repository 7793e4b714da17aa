import Deployer
import Foundation
import SlipwayTestSupport
import Testing

/// The runtime's own HTTP/1.1 client against a local server, with both body framings.
@Suite("RuntimeAPIClient: the Runtime API over plain sockets")
struct RuntimeAPIClientTests {
    @Test("next, response and error: paths, headers and bodies", arguments: [false, true])
    func exchange(chunked: Bool) async throws {
        let event = #"{"CodePipeline.job":{"id":"j"}}"# + String(repeating: " ", count: 70_000)
        let seen = Seen()
        let server = try await LocalHTTPServer.start(chunked: chunked) { request in
            await seen.add("\(request.method) \(request.path) \(request.headers.first(name: "Lambda-Runtime-Function-Error-Type") ?? "-") \(String(decoding: request.body, as: UTF8.self))")
            if request.path.hasSuffix("/next") {
                return (.ok, [("Lambda-Runtime-Aws-Request-Id", "req-1"), ("Lambda-Runtime-Deadline-Ms", "1750000000123"),
                              ("lambda-runtime-trace-id", "Root=1")], Array(event.utf8))
            }
            return (.accepted, [], Array(#"{"status":"OK"}"#.utf8))
        }
        defer { Task { await server.stop() } }
        let client = try RuntimeAPIClient(address: "127.0.0.1:\(server.port)")
        let invocation = try await offPool { try client.next() }
        #expect(invocation.requestID == "req-1")
        #expect(invocation.deadlineMilliseconds == 1_750_000_000_123)
        #expect(invocation.traceID == "Root=1")
        #expect(invocation.body == Array(event.utf8))
        try await offPool { try client.respond(requestID: "req-1", body: Array(#"{"ok":true}"#.utf8)) }
        try await offPool { try client.reportError(requestID: "req-1", LambdaError(type: "Deployer.Test", message: "bad \"thing\"")) }
        #expect(await seen.lines == [
            "GET /2018-06-01/runtime/invocation/next - ",
            #"POST /2018-06-01/runtime/invocation/req-1/response - {"ok":true}"#,
            #"POST /2018-06-01/runtime/invocation/req-1/error Deployer.Test {"errorMessage":"bad \"thing\"","errorType":"Deployer.Test"}"#,
        ])
    }

    @Test("bad addresses and refused connections are errors, not crashes")
    func failures() async throws {
        #expect(throws: RuntimeAPIError.self) { try RuntimeAPIClient(address: "localhost") }
        #expect(throws: RuntimeAPIError.self) { try RuntimeAPIClient(address: ":9001") }
        // A port nothing listens on: bind one, close it, use its number.
        let server = try await LocalHTTPServer.start { _ in (.ok, [], []) }
        let port = server.port
        await server.stop()
        let client = try RuntimeAPIClient(address: "127.0.0.1:\(port)")
        await #expect(throws: RuntimeAPIError.self) { try await offPool { try client.next() } }
    }

    actor Seen {
        var lines: [String] = []
        func add(_ line: String) { lines.append(line) }
    }
}
