import AWSCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The Lambda Runtime API (`AWS_LAMBDA_RUNTIME_API`, plain HTTP/1.1 on the sandbox's loopback),
/// spoken over blocking POSIX sockets: no event loop to start, so the first request leaves
/// within a millisecond of the process starting. One connection per request; `next` waits
/// as long as Lambda keeps the sandbox frozen (no timeout).
public struct RuntimeAPIClient: Sendable {
    public let host: String
    public let port: UInt16

    static let basePath = "/2018-06-01/runtime"

    /// `address` is `host:port`, as `AWS_LAMBDA_RUNTIME_API` gives it.
    public init(address: String) throws(RuntimeAPIError) {
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]),
              colon != address.startIndex
        else { throw RuntimeAPIError("AWS_LAMBDA_RUNTIME_API is '\(address)', not host:port") }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host
        self.port = port
    }

    /// The next invocation. Blocks until Lambda has one.
    public func next() throws(RuntimeAPIError) -> Invocation {
        let response = try exchange("GET", "\(Self.basePath)/invocation/next", body: [])
        guard response.status == 200 else {
            throw RuntimeAPIError("GET /invocation/next answered HTTP \(response.status): \(String(decoding: response.body.prefix(500), as: UTF8.self))")
        }
        guard let requestID = response.header("Lambda-Runtime-Aws-Request-Id"), !requestID.isEmpty else {
            throw RuntimeAPIError("GET /invocation/next answered without Lambda-Runtime-Aws-Request-Id")
        }
        let deadline = response.header("Lambda-Runtime-Deadline-Ms").flatMap(Int64.init)
        return Invocation(
            requestID: requestID, deadlineMilliseconds: deadline,
            invokedFunctionArn: response.header("Lambda-Runtime-Invoked-Function-Arn"),
            traceID: response.header("Lambda-Runtime-Trace-Id"), body: response.body)
    }

    /// Posts the invocation's result.
    public func respond(requestID: String, body: [UInt8]) throws(RuntimeAPIError) {
        try post("\(Self.basePath)/invocation/\(requestID)/response", body: body, headers: [])
    }

    /// Posts the invocation's failure (Lambda counts it as a function error).
    public func reportError(requestID: String, _ error: LambdaError) throws(RuntimeAPIError) {
        try post("\(Self.basePath)/invocation/\(requestID)/error", body: error.json, headers: [("Lambda-Runtime-Function-Error-Type", error.type)])
    }

    /// Posts a failure to start; Lambda then ends the sandbox.
    public func reportInitError(_ error: LambdaError) throws(RuntimeAPIError) {
        try post("\(Self.basePath)/init/error", body: error.json, headers: [("Lambda-Runtime-Function-Error-Type", error.type)])
    }

    private func post(_ path: String, body: [UInt8], headers: [(String, String)]) throws(RuntimeAPIError) {
        let response = try exchange("POST", path, body: body, headers: headers)
        guard (200..<300).contains(response.status) else {
            throw RuntimeAPIError("POST \(path) answered HTTP \(response.status): \(String(decoding: response.body.prefix(500), as: UTF8.self))")
        }
    }

    // MARK: - HTTP/1.1

    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            let lowered = name.lowercased()
            return headers.first { $0.0.lowercased() == lowered }?.1
        }
    }

    func exchange(_ method: String, _ path: String, body: [UInt8], headers: [(String, String)] = []) throws(RuntimeAPIError) -> Response {
        let socket = try openConnection()
        defer { close(socket) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: slipway-deployer\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if method != "GET" { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        head += "\r\n"
        try write(socket, Array(head.utf8) + body)
        return try read(socket)
    }

    private func openConnection() throws(RuntimeAPIError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw RuntimeAPIError("cannot resolve the Runtime API host \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError: Int32 = 0
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd >= 0 {
                var result: Int32
                repeat { result = connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) } while result != 0 && errno == EINTR
                if result == 0 {
                    var one: Int32 = 1
                    _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                    return fd
                }
                lastError = errno
                close(fd)
            } else {
                lastError = errno
            }
            candidate = info.pointee.ai_next
        }
        throw RuntimeAPIError("cannot connect to the Runtime API at \(host):\(port): \(String(cString: strerror(lastError)))")
    }

    private func write(_ socket: Int32, _ bytes: [UInt8]) throws(RuntimeAPIError) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                send(socket, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw RuntimeAPIError("writing to the Runtime API failed: \(String(cString: strerror(errno)))")
            }
            sent += count
        }
    }

    /// Reads one response: headers, then a Content-Length or chunked body, or up to the end of the stream.
    private func read(_ socket: Int32) throws(RuntimeAPIError) -> Response {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var ended = false

        func fill() throws(RuntimeAPIError) {
            while true {
                let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw RuntimeAPIError("reading from the Runtime API failed: \(String(cString: strerror(errno)))")
                }
                if count == 0 { ended = true } else { buffer.append(contentsOf: chunk[0..<count]) }
                return
            }
        }

        var headerEnd: Int?
        while headerEnd == nil {
            headerEnd = Self.find([13, 10, 13, 10], in: buffer, from: 0)
            if headerEnd == nil {
                if ended { throw RuntimeAPIError("the Runtime API closed the connection before a full response") }
                try fill()
            }
        }
        let head = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            throw RuntimeAPIError("the Runtime API sent a malformed status line")
        }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" })))
        }
        var response = Response(status: status, headers: headers, body: [])
        var position = headerEnd! + 4

        if let length = response.header("Content-Length").flatMap(Int.init) {
            while buffer.count - position < length {
                if ended { throw RuntimeAPIError("the Runtime API closed the connection in the middle of a body") }
                try fill()
            }
            response.body = Array(buffer[position..<position + length])
        } else if response.header("Transfer-Encoding")?.lowercased().contains("chunked") == true {
            while true {
                var lineEnd = Self.find([13, 10], in: buffer, from: position)
                while lineEnd == nil {
                    if ended { throw RuntimeAPIError("the Runtime API closed the connection in the middle of a chunk") }
                    try fill()
                    lineEnd = Self.find([13, 10], in: buffer, from: position)
                }
                let sizeText = String(decoding: buffer[position..<lineEnd!], as: UTF8.self).split(separator: ";").first ?? ""
                guard let size = Int(sizeText.trimmingCharacters(in: " "), radix: 16) else {
                    throw RuntimeAPIError("the Runtime API sent a malformed chunk size")
                }
                position = lineEnd! + 2
                if size == 0 { break }
                while buffer.count - position < size + 2 {
                    if ended { throw RuntimeAPIError("the Runtime API closed the connection in the middle of a chunk") }
                    try fill()
                }
                response.body += buffer[position..<position + size]
                position += size + 2
            }
        } else if status != 204 && status != 304 {
            while !ended { try fill() }
            response.body = Array(buffer[position...])
        }
        return response
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> Substring {
        var result = self
        while result.first == set { result.removeFirst() }
        while result.last == set { result.removeLast() }
        return result
    }
}

/// One invocation, as `GET /invocation/next` hands it over.
public struct Invocation: Sendable {
    public let requestID: String
    /// When Lambda stops the invocation (milliseconds since the epoch).
    public let deadlineMilliseconds: Int64?
    public let invokedFunctionArn: String?
    public let traceID: String?
    public let body: [UInt8]

    public init(requestID: String, deadlineMilliseconds: Int64?, invokedFunctionArn: String? = nil, traceID: String? = nil, body: [UInt8]) {
        self.requestID = requestID
        self.deadlineMilliseconds = deadlineMilliseconds
        self.invokedFunctionArn = invokedFunctionArn
        self.traceID = traceID
        self.body = body
    }

    /// What the handler is told besides the event.
    public var context: InvocationContext {
        InvocationContext(requestID: requestID, deadline: deadlineMilliseconds.map { Date(timeIntervalSince1970: Double($0) / 1000) },
                          invokedFunctionArn: invokedFunctionArn, traceID: traceID)
    }
}

/// An invocation's context: its id, and when Lambda will stop it.
public struct InvocationContext: Sendable, Equatable {
    public let requestID: String
    /// Work not done by then is lost: Lambda stops the sandbox.
    public let deadline: Date?
    public let invokedFunctionArn: String?
    public let traceID: String?
}

/// The Runtime API as the runtime loop uses it: `RuntimeAPIClient` over HTTP, or a stand-in.
public protocol RuntimeAPI: Sendable {
    /// The next invocation; blocks until Lambda has one.
    func next() throws(RuntimeAPIError) -> Invocation
    func respond(requestID: String, body: [UInt8]) throws(RuntimeAPIError)
    func reportError(requestID: String, _ error: LambdaError) throws(RuntimeAPIError)
    func reportInitError(_ error: LambdaError) throws(RuntimeAPIError)
}

extension RuntimeAPIClient: RuntimeAPI {}

/// An error as the Runtime API takes it: `{"errorMessage": …, "errorType": …}`.
public struct LambdaError: Sendable, Equatable {
    public let type: String
    public let message: String

    public init(type: String, message: String) {
        self.type = type
        self.message = message
    }

    var json: [UInt8] {
        Array(JSONValue.object(["errorMessage": .string(message), "errorType": .string(type)]).jsonText().utf8)
    }
}

/// The Runtime API could not be reached or answered wrongly.
public struct RuntimeAPIError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
