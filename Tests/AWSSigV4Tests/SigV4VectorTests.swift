import Foundation
import Testing
@testable import AWSSigV4

/// The official SigV4 suite (aws-c-auth's), header and query variants, copied into Tests/TestData/aws-sigv4 (LICENSE and SOURCE.md there).
struct SigV4VectorTests {
    static let suiteDirectory: URL = {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent("Tests/TestData/aws-sigv4")
    }()

    static let caseNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: suiteDirectory.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: suiteDirectory.appendingPathComponent("\($0)/context.json").path) }.sorted()
    }()

    @Test func suiteIsPresent() {
        #expect(Self.caseNames.count >= 35, "the SigV4 vectors must be at \(Self.suiteDirectory.path)")
    }

    @Test(arguments: caseNames)
    func headerSigning(_ name: String) throws {
        let vector = try SigV4Vector(directory: Self.suiteDirectory.appendingPathComponent(name))
        let signature = vector.signer.signHeaders(vector.request, at: vector.timestamp)
        #expect(signature.canonicalRequest == vector.expected("header-canonical-request.txt"))
        #expect(signature.stringToSign == vector.expected("header-string-to-sign.txt"))
        #expect(signature.signature == vector.expected("header-signature.txt"))
    }

    @Test(arguments: caseNames)
    func querySigning(_ name: String) throws {
        let vector = try SigV4Vector(directory: Self.suiteDirectory.appendingPathComponent(name))
        let signature = vector.signer.presign(vector.request, at: vector.timestamp, expires: vector.expiresIn)
        #expect(signature.canonicalRequest == vector.expected("query-canonical-request.txt"))
        #expect(signature.stringToSign == vector.expected("query-string-to-sign.txt"))
        #expect(signature.signature == vector.expected("query-signature.txt"))
    }
}

/// One case folder: context.json, request.txt and the expected files.
struct SigV4Vector {
    let directory: URL
    let signer: SigV4Signer
    let request: SigV4Request
    let timestamp: Date
    let expiresIn: Int

    init(directory: URL) throws {
        self.directory = directory
        let context = try JSONDecoder().decode(Context.self, from: Data(contentsOf: directory.appendingPathComponent("context.json")))
        let credentials = AWSCredentials(
            accessKeyID: context.credentials.access_key_id,
            secretAccessKey: context.credentials.secret_access_key,
            sessionToken: context.credentials.token)
        let options = SigV4Signer.Options(
            doubleEncodePath: true,
            normalizePath: context.normalize,
            addContentHashHeader: context.sign_body,
            omitSessionTokenFromSignature: context.omit_session_token ?? false)
        signer = SigV4Signer(credentials: credentials, region: context.region, service: context.service, options: options)
        timestamp = try #require(ISO8601DateFormatter().date(from: context.timestamp))
        expiresIn = context.expiration_in_seconds
        request = try Self.parseRequest(String(decoding: Data(contentsOf: directory.appendingPathComponent("request.txt")), as: UTF8.self))
    }

    func expected(_ file: String) -> String {
        (try? String(decoding: Data(contentsOf: directory.appendingPathComponent(file)), as: UTF8.self)) ?? "<missing \(file)>"
    }

    static func parseRequest(_ text: String) throws -> SigV4Request {
        var lines = text.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        var target = String(requestLine.dropFirst(method.count + 1))
        if let range = target.range(of: " HTTP/", options: .backwards) { target = String(target[..<range.lowerBound]) }
        let pathAndQuery = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)

        var headers: [(name: String, value: String)] = []
        while let line = lines.first, !line.isEmpty {
            lines.removeFirst()
            if line.first == " " || line.first == "\t", let last = headers.popLast() {
                headers.append((last.name, last.value + "\n" + line))
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        let body = lines.dropFirst().joined(separator: "\n")
        return SigV4Request(
            method: method,
            path: String(pathAndQuery[0]),
            query: pathAndQuery.count > 1 ? String(pathAndQuery[1]) : "",
            headers: headers,
            payloadHash: SigV4Request.hash(Array(body.utf8)))
    }

    struct Context: Decodable {
        struct Credentials: Decodable {
            let access_key_id: String
            let secret_access_key: String
            let token: String?
        }
        let credentials: Credentials
        let expiration_in_seconds: Int
        let normalize: Bool
        let region: String
        let service: String
        let sign_body: Bool
        let timestamp: String
        let omit_session_token: Bool?
    }
}
