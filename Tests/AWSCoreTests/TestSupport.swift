import AWSSigV4
import Foundation
import Testing
@testable import AWSCore

/// A temporary directory for config files, scripts and token files; removed when released.
final class TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-core-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes a file and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String, executable: Bool = false) throws -> String {
        let file = "\(path)/\(name)"
        // Close-on-exec, so that a child process spawned meanwhile by a parallel test does not hold
        // the file open for writing, which would make running it fail with "Text file busy".
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, executable ? 0o755 : 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else { throw CocoaError(.fileWriteUnknown) }
        return file
    }

    /// The variables that point the shared files here (and nowhere else) and keep IMDS off.
    func environment(config: String = "", credentials: String = "", _ extra: [String: String] = [:]) throws -> [String: String] {
        let environment = [
            "HOME": path,
            "PATH": "/usr/bin:/bin",
            "AWS_CONFIG_FILE": try write("config", config),
            "AWS_SHARED_CREDENTIALS_FILE": try write("credentials", credentials),
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
        return environment.merging(extra) { $1 }
    }
}

/// A transport that answers from a closure and records every request: a stand-in for the
/// container and instance metadata endpoints (which cannot run locally) and for AWS replies.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [HTTPRequest] = []
    private var timeouts: [Duration] = []
    private let answer: @Sendable (HTTPRequest, Int) throws -> HTTPResponse

    /// - Parameter answer: the request and its index (0 for the first request).
    init(_ answer: @escaping @Sendable (HTTPRequest, Int) throws -> HTTPResponse) {
        self.answer = answer
    }

    /// Answers in turn from a list; the last answer repeats.
    convenience init(responses: [HTTPResponse]) {
        self.init { _, index in responses[min(index, responses.count - 1)] }
    }

    var requests: [HTTPRequest] { lock.withLock { recorded } }
    var requestTimeouts: [Duration] { lock.withLock { timeouts } }

    /// Answers without recording, so that one stand-in can answer for another.
    func send(_ request: HTTPRequest, _ index: Int) throws -> HTTPResponse {
        try answer(request, index)
    }

    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        let index = lock.withLock {
            recorded.append(request)
            timeouts.append(timeout)
            return recorded.count - 1
        }
        return try answer(request, index)
    }
}

extension HTTPRequest {
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The form parameters of a Query-protocol body.
    var formParameters: [String: String] {
        var result: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            result[URIEncoding.decode(String(parts[0]))] = parts.count > 1 ? URIEncoding.decode(String(parts[1])) : ""
        }
        return result
    }

    /// The access key id in the Authorization header.
    var signingKeyID: String? {
        guard let authorization = header("Authorization"), let range = authorization.range(of: "Credential=") else { return nil }
        return String(authorization[range.upperBound...].prefix { $0 != "/" })
    }
}

extension HTTPResponse {
    static func json(_ status: Int, _ text: String, headers: [(name: String, value: String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: Array(text.utf8))
    }

    static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, body: Array(text.utf8))
    }
}

/// A clock that tests move by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) {
        current = start
    }

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) {
        lock.withLock { current += seconds }
    }

    var function: @Sendable () -> Date { { [self] in now } }
}

/// STS's reply to AssumeRole or AssumeRoleWithWebIdentity.
func stsCredentialsReply(action: String, keyID: String, secret: String = "secret", token: String = "token",
                         expiration: String = "2030-01-01T00:00:00Z", arn: String = "arn:aws:sts::123456789012:assumed-role/r/s") -> HTTPResponse {
    .text(200, """
    <\(action)Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
      <\(action)Result>
        <Credentials>
          <AccessKeyId>\(keyID)</AccessKeyId>
          <SecretAccessKey>\(secret)</SecretAccessKey>
          <SessionToken>\(token)</SessionToken>
          <Expiration>\(expiration)</Expiration>
        </Credentials>
        <AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId><Arn>\(arn)</Arn></AssumedRoleUser>
      </\(action)Result>
      <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
    </\(action)Response>
    """)
}

/// Builds the CLI's credential chain for `environment` over `transport`, without caching.
func chain(_ environment: [String: String], profile: String? = nil, transport: any HTTPTransport) throws -> CredentialChain {
    let configuration = try AWSConfiguration(profile: profile, region: "us-east-1", variables: environment)
    let sts = AWSClient(region: configuration.region, credentialProvider: AnonymousCredentialProvider(),
                        endpointResolver: configuration.endpointResolver, transport: transport,
                        retryPolicy: RetryPolicy(maxAttempts: 1))
    return CredentialChainBuilder(configuration: configuration, stsClient: sts, transport: transport, sleep: { _ in }).chain()
}

/// A transport for tests that must not touch the network.
let noNetwork = ScriptedTransport { request, _ in
    throw TransportError(url: request.url, reason: "no network in this test")
}
