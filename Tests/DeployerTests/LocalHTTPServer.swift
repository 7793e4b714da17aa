import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 server on 127.0.0.1 (a free port) whose replies come from an async
/// closure: the Runtime API stand-in, and a stub ECS endpoint for what the emulator cannot do.
final class LocalHTTPServer: Sendable {
    struct Request: Sendable {
        let method: String
        let path: String
        let headers: HTTPHeaders
        let body: [UInt8]
    }

    typealias Reply = (status: HTTPResponseStatus, headers: [(String, String)], body: [UInt8])

    private let channel: any Channel
    let port: Int

    private init(channel: any Channel) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
    }

    /// `chunked`: send bodies with chunked transfer encoding instead of a Content-Length.
    static func start(chunked: Bool = false, _ respond: @escaping @Sendable (Request) async -> Reply) async throws -> LocalHTTPServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(chunked: chunked, respond: respond))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return LocalHTTPServer(channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let respond: @Sendable (Request) async -> Reply
        let chunked: Bool
        var head: HTTPRequestHead?
        var body: [UInt8] = []

        init(chunked: Bool, respond: @escaping @Sendable (Request) async -> Reply) {
            self.chunked = chunked
            self.respond = respond
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
            case .body(let buffer):
                body += buffer.readableBytesView
            case .end:
                guard let head else { return }
                let request = Request(method: head.method.rawValue, path: head.uri, headers: head.headers, body: body)
                let channel = context.channel
                let respond = respond
                let chunked = chunked
                Task {
                    let reply = await respond(request)
                    var headers = HTTPHeaders(reply.headers)
                    if chunked {
                        headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
                    } else {
                        headers.replaceOrAdd(name: "Content-Length", value: String(reply.body.count))
                    }
                    headers.replaceOrAdd(name: "Connection", value: "close")
                    channel.write(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: reply.status, headers: headers)), promise: nil)
                    if chunked {
                        // Several chunks, to exercise the client's chunk loop.
                        for piece in stride(from: 0, to: reply.body.count, by: 7) {
                            let end = min(piece + 7, reply.body.count)
                            channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: reply.body[piece..<end]))), promise: nil)
                        }
                    } else {
                        channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: reply.body))), promise: nil)
                    }
                    channel.writeAndFlush(HTTPServerResponsePart.end(nil)).whenComplete { _ in channel.close(promise: nil) }
                }
            }
        }
    }
}
