#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What SigV4 signs of an HTTP request: the path and query exactly as they go on the wire.
public struct SigV4Request: Sendable {
    public var method: String
    /// The path as sent (percent-encoded by the caller where needed).
    public var path: String
    /// The query string as sent, without the leading `?`.
    public var query: String
    public var headers: [(name: String, value: String)]
    /// Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
    public var payloadHash: String

    public init(method: String, path: String, query: String = "", headers: [(name: String, value: String)], payloadHash: String) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payloadHash = payloadHash
    }

    public static func hash(_ body: some Sequence<UInt8>) -> String {
        SHA256.hash(Array(body)).hexString
    }

    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}

/// The result of signing: the parts AWS recomputes, and what to add to the request.
public struct SigV4Signature: Sendable {
    public let canonicalRequest: String
    public let stringToSign: String
    public let signature: String
    /// Headers to add to the request (header signing), in the order to add them.
    public let headers: [(name: String, value: String)]
    /// The complete query string to send (query signing); for header signing, the original one.
    public let query: String
}

/// Signs requests with AWS Signature Version 4, with the Authorization header or as a presigned URL.
public struct SigV4Signer: Sendable {
    public struct Options: Sendable {
        /// Encode the path once more for the canonical request: every service but S3.
        public var doubleEncodePath: Bool
        /// Remove `.`/`..` segments and repeated slashes: every service but S3.
        public var normalizePath: Bool
        /// Add and sign `x-amz-content-sha256` (S3 requires it).
        public var addContentHashHeader: Bool
        /// Add the session token after signing instead of signing it (a few services, e.g. IoT, want that).
        public var omitSessionTokenFromSignature: Bool

        public init(doubleEncodePath: Bool = true, normalizePath: Bool = true, addContentHashHeader: Bool = false, omitSessionTokenFromSignature: Bool = false) {
            self.doubleEncodePath = doubleEncodePath
            self.normalizePath = normalizePath
            self.addContentHashHeader = addContentHashHeader
            self.omitSessionTokenFromSignature = omitSessionTokenFromSignature
        }

        public static let standard = Options()
        public static let s3 = Options(doubleEncodePath: false, normalizePath: false, addContentHashHeader: true)
    }

    public let credentials: AWSCredentials
    public let region: String
    public let service: String
    public let options: Options

    public init(credentials: AWSCredentials, region: String, service: String, options: Options = .standard) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
    }

    /// Signs with the Authorization header.
    public func signHeaders(_ request: SigV4Request, at instant: Date) -> SigV4Signature {
        let time = SigV4Timestamp(instant)
        var added: [(name: String, value: String)] = [("X-Amz-Date", time.dateTime)]
        if options.addContentHashHeader { added.append(("x-amz-content-sha256", request.payloadHash)) }
        let token = credentials.sessionToken.map { ("X-Amz-Security-Token", $0) }
        if let token, !options.omitSessionTokenFromSignature { added.append(token) }

        let canonicalHeaders = Self.canonicalHeaders(request.headers + added)
        let canonical = [
            request.method,
            canonicalPath(request.path),
            Self.canonicalQuery(request.query),
            canonicalHeaders.block,
            canonicalHeaders.signedNames,
            request.payloadHash,
        ].joined(separator: "\n")
        let stringToSign = self.stringToSign(canonical, time: time)
        let signature = sign(stringToSign, time: time)
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(time)), SignedHeaders=\(canonicalHeaders.signedNames), Signature=\(signature)"
        if let token, options.omitSessionTokenFromSignature { added.append(token) }
        added.append(("Authorization", authorization))
        return SigV4Signature(canonicalRequest: canonical, stringToSign: stringToSign, signature: signature, headers: added, query: request.query)
    }

    /// Signs into the query string (a presigned URL valid for `expires` seconds).
    public func presign(_ request: SigV4Request, at instant: Date, expires: Int) -> SigV4Signature {
        let time = SigV4Timestamp(instant)
        let canonicalHeaders = Self.canonicalHeaders(request.headers)
        var authParameters = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope(time))"),
            ("X-Amz-Date", time.dateTime),
            ("X-Amz-SignedHeaders", canonicalHeaders.signedNames),
            ("X-Amz-Expires", String(expires)),
        ]
        if let token = credentials.sessionToken, !options.omitSessionTokenFromSignature {
            authParameters.append(("X-Amz-Security-Token", token))
        }
        let encodedAuth = authParameters.map { "\($0.0)=\(URIEncoding.encode($0.1))" }.joined(separator: "&")
        let signedQuery = request.query.isEmpty ? encodedAuth : request.query + "&" + encodedAuth
        let canonical = [
            request.method,
            canonicalPath(request.path),
            Self.canonicalQuery(signedQuery),
            canonicalHeaders.block,
            canonicalHeaders.signedNames,
            request.payloadHash,
        ].joined(separator: "\n")
        let stringToSign = self.stringToSign(canonical, time: time)
        let signature = sign(stringToSign, time: time)
        var finalQuery = signedQuery
        if let token = credentials.sessionToken, options.omitSessionTokenFromSignature {
            finalQuery += "&X-Amz-Security-Token=" + URIEncoding.encode(token)
        }
        finalQuery += "&X-Amz-Signature=" + signature
        return SigV4Signature(canonicalRequest: canonical, stringToSign: stringToSign, signature: signature, headers: [], query: finalQuery)
    }

    // MARK: - Canonical request parts

    func canonicalPath(_ path: String) -> String {
        var result = path.isEmpty ? "/" : path
        if options.normalizePath { result = Self.normalize(result) }
        if options.doubleEncodePath { result = URIEncoding.encode(result, keepingSlash: true) }
        return result
    }

    /// RFC 3986 dot-segment removal plus collapsing repeated slashes, keeping a trailing slash.
    static func normalize(_ path: String) -> String {
        var segments: [Substring] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        for part in parts {
            switch part {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(part)
            }
        }
        var result = "/" + segments.joined(separator: "/")
        let endsAsDirectory = path.hasSuffix("/") || path.hasSuffix("/.") || path.hasSuffix("/..")
        if endsAsDirectory && result != "/" { result += "/" }
        return result
    }

    static func canonicalQuery(_ query: String) -> String {
        guard !query.isEmpty else { return "" }
        let pairs: [(String, String)] = query.split(separator: "&", omittingEmptySubsequences: true).map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = URIEncoding.encode(URIEncoding.decode(String(parts[0])))
            let value = parts.count > 1 ? URIEncoding.encode(URIEncoding.decode(String(parts[1]))) : ""
            return (key, value)
        }
        return pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (block: String, signedNames: String) {
        var merged: [String: [String]] = [:]
        for (name, value) in headers {
            let key = name.lowercased()
            // Proxies and the HTTP client may rewrite these; AWS does not expect them signed.
            if key == "authorization" || key == "user-agent" || key == "expect" || key == "connection" { continue }
            merged[key, default: []].append(trimAndCollapse(value))
        }
        let sorted = merged.sorted { $0.key < $1.key }
        let block = sorted.map { "\($0.key):\($0.value.joined(separator: ","))\n" }.joined()
        return (block, sorted.map(\.key).joined(separator: ";"))
    }

    /// Trims and collapses runs of whitespace (including folded lines) to one space.
    static func trimAndCollapse(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    // MARK: - Signing

    private func scope(_ time: SigV4Timestamp) -> String {
        "\(time.date)/\(region)/\(service)/aws4_request"
    }

    private func stringToSign(_ canonicalRequest: String, time: SigV4Timestamp) -> String {
        ["AWS4-HMAC-SHA256", time.dateTime, scope(time), SHA256.hash(Array(canonicalRequest.utf8)).hexString]
            .joined(separator: "\n")
    }

    private func sign(_ stringToSign: String, time: SigV4Timestamp) -> String {
        var key = Array("AWS4\(credentials.secretAccessKey)".utf8)
        for part in [time.date, region, service, "aws4_request"] {
            key = SHA256.hmac(key: key, message: Array(part.utf8))
        }
        return SHA256.hmac(key: key, message: Array(stringToSign.utf8)).hexString
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hex, as SigV4 writes hashes and signatures.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
