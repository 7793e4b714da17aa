import AsyncHTTPClient
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// How long to wait for a connection, and for the next bytes of a reply once the request is
/// sent (AsyncHTTPClient's idle read timeout): the AWS CLI's `--cli-connect-timeout` and
/// `--cli-read-timeout`.
public struct HTTPTimeouts: Sendable, Hashable {
    public var connect: Duration
    public var read: Duration

    public init(connect: Duration = .seconds(5), read: Duration = .seconds(60)) {
        self.connect = connect
        self.read = read
    }

    /// The most one attempt may take in all, a safety net only: the read timeout catches a reply
    /// that stalls, and sending the deployer package (10 MiB) may take minutes on a slow link.
    public var attempt: Duration { connect + max(read, .seconds(900)) }
}

/// The real transport, over AsyncHTTPClient.
public struct AsyncHTTPClientTransport: HTTPTransport {
    let client: HTTPClient
    let maximumBodySize: Int

    /// One client per process and set of timeouts, with more connections per host than
    /// `HTTPClient.shared` (a plan reads dozens of resources from one endpoint at once, and the
    /// default of 8 would queue them), and a failed connection reported at once rather than
    /// re-tried by the pool until the request's deadline (the client's own retries decide).
    public static func sharedClient(_ timeouts: HTTPTimeouts = HTTPTimeouts()) -> HTTPClient {
        clients.client(for: timeouts)
    }

    private static let clients = SharedClients()

    public init(timeouts: HTTPTimeouts = HTTPTimeouts(), maximumBodySize: Int = 256 * 1024 * 1024) {
        self.init(client: Self.sharedClient(timeouts), maximumBodySize: maximumBodySize)
    }

    public init(client: HTTPClient, maximumBodySize: Int = 256 * 1024 * 1024) {
        self.client = client
        self.maximumBodySize = maximumBodySize
    }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        do {
            let response = try await client.execute(outgoing, timeout: TimeAmount(timeout))
            var body = try await response.body.collect(upTo: maximumBodySize)
            let bytes = body.readBytes(length: body.readableBytes) ?? []
            return HTTPResponse(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: bytes)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw TransportError(url: request.url, reason: Self.reason(error), kind: Self.kind(of: error))
        }
    }

    static func kind(of error: any Error) -> TransportError.Kind {
        switch error {
        case let error as NIOConnectionError:
            let refused = !error.connectionErrors.isEmpty && error.connectionErrors.allSatisfy { kind(of: $0.error) == .connectionRefused }
            if refused { return .connectionRefused }
            if error.connectionErrors.isEmpty && (error.dnsAError != nil || error.dnsAAAAError != nil) { return .unresolvableHost }
            return .other
        case is SocketAddressError:
            return .unresolvableHost
        case let error as IOError where error.errnoCode == connectionRefusedErrno:
            return .connectionRefused
        case let error as HTTPClientError where [.connectTimeout, .readTimeout, .deadlineExceeded].contains(error):
            return .timedOut
        case let error as ChannelError:
            if case .connectTimeout = error { return .timedOut }
            return .other
        default:
            return .other
        }
    }

    /// What went wrong in a few words: NIO's descriptions of a failed connection are long.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError:
            if let first = error.connectionErrors.first { return reason(first.error) }
            if let dns = error.dnsAError ?? error.dnsAAAAError { return "DNS: \(reason(dns))" }
            return String(describing: error)
        case let error as IOError:
            return error.description
        default:
            return String(describing: error)
        }
    }
}

#if canImport(Glibc)
import Glibc
private let connectionRefusedErrno = ECONNREFUSED
#elseif canImport(Darwin)
import Darwin
private let connectionRefusedErrno = ECONNREFUSED
#endif

extension TimeAmount {
    init(_ duration: Duration) {
        self = .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}

/// The process's HTTP clients, one per set of timeouts; they live as long as the process, as
/// `HTTPClient.shared` does, so nobody has to shut them down.
private final class SharedClients: Sendable {
    private let clients = NIOLockedValueBox<[HTTPTimeouts: HTTPClient]>([:])

    func client(for timeouts: HTTPTimeouts) -> HTTPClient {
        clients.withLockedValue { clients in
            if let client = clients[timeouts] { return client }
            var configuration = HTTPClient.Configuration.singletonConfiguration
            configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
            configuration.connectionPool.retryConnectionEstablishment = false
            configuration.timeout = .init(connect: TimeAmount(timeouts.connect), read: TimeAmount(timeouts.read))
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            clients[timeouts] = client
            return client
        }
    }
}
