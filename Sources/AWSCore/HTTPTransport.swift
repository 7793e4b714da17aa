/// An HTTP request as the AWS client sends it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response, its body read whole.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// The one seam between the AWS client and the network: tests can replay exchanges through it.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse
}

/// A failure to get any HTTP response: a host name that does not resolve or a refused
/// connection (neither worth a retry a second later), or a reset, a timeout (worth one).
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case unresolvableHost
        case connectionRefused
        case timedOut
        case other
    }

    public let url: String
    public let reason: String
    public let kind: Kind

    public init(url: String, reason: String, kind: Kind = .other) {
        self.url = url
        self.reason = reason
        self.kind = kind
    }

    /// A name that does not resolve or a port nobody listens on stays so for seconds or more:
    /// reported at once instead of retried.
    public var isRetryable: Bool { kind == .timedOut || kind == .other }

    public var description: String {
        switch kind {
        case .unresolvableHost: "could not reach \(url): its host name does not resolve"
        case .connectionRefused: "could not reach \(url): the connection was refused"
        case .timedOut: "could not reach \(url): timed out (\(reason))"
        case .other: "could not reach \(url): \(reason)"
        }
    }
}
