import Foundation
import Testing
@testable import AWSCore

/// An endpoint that cannot be reached is reported at once, naming it and what to check, over the
/// real transport: a host name that does not resolve and a port nobody listens on are not
/// retried, and nothing waits out the request timeout.
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

    static func call(_ endpoint: String) async -> (error: String, attempts: Int, elapsed: Duration) {
        let transport = CountingTransport()
        let client = AWSClient(
            region: "eu-west-3",
            credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "secret")),
            endpointResolver: EndpointResolver(environment: ["AWS_ENDPOINT_URL": endpoint], profile: nil),
            transport: transport, retryPolicy: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1)), timeout: .seconds(60))
        let started = ContinuousClock.now
        do {
            _ = try await client.query(sts, "GetCallerIdentity", EmptyShape(), as: EmptyShape.self)
            return ("no error", transport.attempts, ContinuousClock.now - started)
        } catch {
            return (String(describing: error), transport.attempts, ContinuousClock.now - started)
        }
    }

    @Test func aHostNameThatDoesNotResolveIsReportedAtOnce() async {
        let result = await Self.call("http://sts.slipway-test.invalid")
        #expect(result.error == "STS GetCallerIdentity: could not reach http://sts.slipway-test.invalid/: its host name does not resolve; "
            + "check the region (eu-west-3), the network, and AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_STS if set")
        #expect(result.attempts == 1, "a name that does not resolve is not retried")
        #expect(result.elapsed < .seconds(5), "\(result.elapsed)")
    }

    @Test func aRefusedConnectionIsReportedAtOnce() async throws {
        let port = try Self.closedPort()
        let result = await Self.call("http://127.0.0.1:\(port)")
        #expect(result.error == "STS GetCallerIdentity: could not reach http://127.0.0.1:\(port)/: the connection was refused; "
            + "check the region (eu-west-3), the network, and AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_STS if set")
        #expect(result.attempts == 1, "a refused connection is not retried")
        #expect(result.elapsed < .seconds(5), "\(result.elapsed)")
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

    /// A loopback port that was free a moment ago: bound, read, closed.
    static func closedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw CocoaError(.featureUnsupported) }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw CocoaError(.featureUnsupported) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
