import AWSSigV4
import Foundation
import SlipwayTestSupport
import Testing
@testable import AWSCore

/// An endpoint that cannot be reached is reported at once, naming it and what to check, over the
/// real transport: a host name that does not resolve and a port nobody listens on are not
/// retried, and nothing waits out the request timeout. (How long it takes is measured in
/// `UnreachableEndpointCommandTests`, in a process of its own: here the test process's other
/// suites share the two threads that would resume the call.)
struct UnreachableEndpointTests {
    static let sts = AWSServiceDescription(serviceID: "STS", signingName: "sts", endpointPrefix: "sts", wireProtocol: .query(version: "2011-06-15"))

    /// Counts the attempts that reach the real transport.
    final class CountingTransport: HTTPTransport, @unchecked Sendable {
        let inner = AsyncHTTPClientTransport(timeouts: HTTPTimeouts(connect: .seconds(5), read: .seconds(60)))
        private let lock = NSLock()
        private var sent = 0

        var attempts: Int { lock.withLock { sent } }

        func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
            lock.withLock { sent += 1 }
            return try await inner.send(request, timeout: timeout)
        }
    }

    static func call(_ endpoint: String) async -> (error: String, attempts: Int) {
        let transport = CountingTransport()
        let client = AWSClient(
            region: "eu-west-3",
            credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "secret")),
            endpointResolver: EndpointResolver(variables: ["AWS_ENDPOINT_URL": endpoint], profile: nil),
            transport: transport, retryPolicy: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1)), timeout: .seconds(60))
        do {
            _ = try await client.query(sts, "GetCallerIdentity", EmptyShape(), as: EmptyShape.self)
            return ("no error", transport.attempts)
        } catch {
            return (String(describing: error), transport.attempts)
        }
    }

    @Test func aHostNameThatDoesNotResolveIsReportedAtOnce() async {
        let result = await Self.call("http://sts.slipway-test.invalid")
        #expect(result.error == "STS GetCallerIdentity: could not reach http://sts.slipway-test.invalid/: its host name does not resolve; "
            + "check the region (eu-west-3), the network, and AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_STS if set")
        #expect(result.attempts == 1, "a name that does not resolve is not retried")
    }

    @Test func aRefusedConnectionIsReportedAtOnce() async throws {
        let port = try LoopbackPort.closed()
        let result = await Self.call("http://127.0.0.1:\(port)")
        #expect(result.error == "STS GetCallerIdentity: could not reach http://127.0.0.1:\(port)/: the connection was refused; "
            + "check the region (eu-west-3), the network, and AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_STS if set")
        #expect(result.attempts == 1, "a refused connection is not retried")
    }

    @Test func aTimeoutIsStillRetried() async throws {
        let transport = ScriptedTransport { request, _ in throw TransportError(url: request.url, reason: "read timed out", kind: .timedOut) }
        let client = AWSClient(
            region: "us-east-1", credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "secret")),
            transport: transport, retryPolicy: RetryPolicy(maxAttempts: 3, sleep: { _ in }))
        let error = await #expect(throws: AWSClientError.self) {
            try await client.query(Self.sts, "GetCallerIdentity", EmptyShape(), as: EmptyShape.self)
        }
        #expect(transport.requests.count == 3)
        #expect(error?.description.contains("timed out (read timed out) (after 3 attempts)") == true, "\(String(describing: error))")
    }
}
