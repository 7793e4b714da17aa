import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The real transport, over AsyncHTTPClient.
public struct AsyncHTTPClientTransport: HTTPTransport {
    let client: HTTPClient
    let maximumBodySize: Int

    /// Like `HTTPClient.shared`, but with more connections per host: a plan reads dozens of
    /// resources from one endpoint at once, and the default of 8 would queue them.
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public init(client: HTTPClient = AsyncHTTPClientTransport.sharedClient, maximumBodySize: Int = 256 * 1024 * 1024) {
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
            let response = try await client.execute(outgoing, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
            var body = try await response.body.collect(upTo: maximumBodySize)
            let bytes = body.readBytes(length: body.readableBytes) ?? []
            return HTTPResponse(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: bytes)
        } catch let error as HTTPClientError {
            throw TransportError(url: request.url, reason: String(describing: error))
        } catch let error as ChannelError {
            throw TransportError(url: request.url, reason: String(describing: error))
        } catch let error as IOError {
            throw TransportError(url: request.url, reason: error.description)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw TransportError(url: request.url, reason: String(describing: error))
        }
    }
}
