import AWSCore
import Foundation

/// Requests to the emulator's own endpoints (`/_slipway/…`). When the suite starts, some eighty
/// tests and their `slipway` processes open connections to one Python process at once, which
/// can leave a new connection unaccepted for longer than a command's 5 seconds: the harness
/// waits 30 seconds to connect and tries twice more a request that never got a connection
/// (never one that may have reached the emulator: a control is not always idempotent).
public enum EmulatorHTTP {
    static let transport = AsyncHTTPClientTransport(timeouts: HTTPTimeouts(connect: .seconds(30), read: .seconds(60)))

    public static func send(_ request: HTTPRequest, timeout: Duration = .seconds(60)) async throws -> HTTPResponse {
        var attempt = 1
        while true {
            do {
                return try await transport.send(request, timeout: timeout)
            } catch let error as TransportError where attempt < 3 && neverConnected(error) {
                attempt += 1
                try await Task.sleep(for: .milliseconds(500 * attempt))
            }
        }
    }

    static func neverConnected(_ error: TransportError) -> Bool {
        error.kind == .connectionRefused || error.reason.contains("connectTimeout") || error.reason.contains("getConnectionFromPoolTimeout")
    }
}
