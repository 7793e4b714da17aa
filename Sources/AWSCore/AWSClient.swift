import AWSSigV4
import Logging

/// Sends signed requests to AWS services, with retries, in any of the four wire protocols.
public struct AWSClient: Sendable {
    public let region: String
    public let credentialProvider: any CredentialProvider
    public let endpointResolver: EndpointResolver
    public let transport: any HTTPTransport
    public let retryPolicy: RetryPolicy
    public let timeout: Duration
    public let logger: Logger
    /// Sees every attempt (for `--verbose` and for counting calls).
    public let observer: (@Sendable (AWSCallRecord) -> Void)?
    /// Sees every wait for the adaptive retry mode's rate limit (for a progress line).
    public let rateLimitObserver: (@Sendable (RateLimitWait) -> Void)?
    let now: @Sendable () -> Date

    public init(
        region: String,
        credentialProvider: any CredentialProvider,
        endpointResolver: EndpointResolver = EndpointResolver(variables: [:], profile: nil),
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        retryPolicy: RetryPolicy = RetryPolicy(),
        timeout: Duration = .seconds(60),
        logger: Logger = Logger(label: "slipway.aws"),
        observer: (@Sendable (AWSCallRecord) -> Void)? = nil,
        rateLimitObserver: (@Sendable (RateLimitWait) -> Void)? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.region = region
        self.credentialProvider = credentialProvider
        self.endpointResolver = endpointResolver
        self.transport = transport
        self.retryPolicy = retryPolicy
        self.timeout = timeout
        self.logger = logger
        self.observer = observer
        self.rateLimitObserver = rateLimitObserver
        self.now = now
    }

    /// The same client with other credentials (an assumed role, a job's artifact credentials).
    public func with(credentials provider: any CredentialProvider) -> AWSClient {
        AWSClient(region: region, credentialProvider: provider, endpointResolver: endpointResolver, transport: transport,
                  retryPolicy: retryPolicy, timeout: timeout, logger: logger, observer: observer,
                  rateLimitObserver: rateLimitObserver, now: now)
    }

    public func endpoint(for service: AWSServiceDescription) -> ServiceEndpoint {
        endpointResolver.endpoint(for: service, region: region)
    }

    // MARK: - Protocols

    /// JSON 1.0/1.1: ECS, ECR, CodeBuild, CodePipeline, CloudWatch Logs.
    public func json<Output: Decodable>(_ service: AWSServiceDescription, _ operation: String, _ input: some Encodable, as output: Output.Type = Output.self) async throws -> Output {
        guard case .json(let prefix, let version) = service.wireProtocol else { preconditionFailure("\(service.serviceID) is not a JSON service") }
        let body = try Self.jsonEncoder.encode(input)
        let response = try await send(service, operation, method: "POST", path: "/", headers: [
            ("Content-Type", "application/x-amz-json-\(version)"),
            ("X-Amz-Target", "\(prefix).\(operation)"),
        ], body: Array(body))
        return try decodeJSON(Output.self, from: response.body, service: service, operation: operation)
    }

    /// Query and EC2, with XML replies: IAM, STS, ELBv2, EC2. A Query output is decoded from
    /// `<{Action}Result>`; an EC2 output is the root element itself.
    public func query<Output: Decodable>(_ service: AWSServiceDescription, _ action: String, _ input: some Encodable, as output: Output.Type = Output.self) async throws -> Output {
        let parameters: [(String, String)]
        switch service.wireProtocol {
        case .query(let version): parameters = try QueryEncoder.parameters(action: action, version: version, input: input)
        case .ec2(let version): parameters = try QueryEncoder.parameters(action: action, version: version, input: input, dialect: .ec2)
        default: preconditionFailure("\(service.serviceID) is not a Query service")
        }
        let response = try await send(service, action, method: "POST", path: "/", headers: [
            ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        ], body: Array(QueryEncoder.formBody(parameters).utf8))
        do {
            // An operation without output may answer with no body at all.
            let root = response.body.isEmpty ? XMLNode(name: "\(action)Response") : try XMLNode.parse(response.body)
            guard case .query = service.wireProtocol else { return try XMLShapeDecoder.decode(Output.self, from: root) }
            let result = root["\(action)Result"] ?? XMLNode(name: "\(action)Result")
            return try XMLShapeDecoder.decode(Output.self, from: result)
        } catch {
            throw AWSClientError.unreadableReply(service: service.serviceID, operation: action, reason: "\(error)")
        }
    }

    /// REST-JSON (Lambda): the output is the JSON body (an empty body reads as `{}`).
    public func restJSON<Output: Decodable>(
        _ service: AWSServiceDescription, _ operation: String, method: String, path: String,
        query: [(String, String)] = [], body: (some Encodable)? = Optional<JSONValue>.none, as output: Output.Type = Output.self
    ) async throws -> Output {
        let bytes = try body.map { Array(try Self.jsonEncoder.encode($0)) } ?? []
        let response = try await send(service, operation, method: method, path: path, query: query,
                                      headers: bytes.isEmpty ? [] : [("Content-Type", "application/json")], body: bytes)
        return try decodeJSON(Output.self, from: response.body, service: service, operation: operation)
    }

    /// REST-XML (S3) and anything else: the raw response of a successful call.
    public func rest(
        _ service: AWSServiceDescription, _ operation: String, method: String, path: String,
        query: [(String, String)] = [], headers: [(String, String)] = [], body: [UInt8] = []
    ) async throws -> HTTPResponse {
        try await send(service, operation, method: method, path: path, query: query, headers: headers, body: body)
    }

    // MARK: - Sending

    /// Signs and sends one call, retrying what the standard retry mode retries, each attempt signed anew.
    /// `path` is already percent-encoded; `query` is encoded here.
    public func send(
        _ service: AWSServiceDescription, _ operation: String, method: String, path: String,
        query: [(String, String)] = [], headers: [(String, String)] = [], body: [UInt8] = []
    ) async throws -> HTTPResponse {
        let endpoint = endpoint(for: service)
        let fullPath = endpoint.basePath + path
        let queryString = query.map { "\(URIEncoding.encode($0.0))=\(URIEncoding.encode($0.1))" }.joined(separator: "&")
        let url = endpoint.baseURL + path + (queryString.isEmpty ? "" : "?" + queryString)
        let payloadHash = SigV4Request.hash(body)
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            let unsigned = [("Host", endpoint.hostHeader)] + headers
            var signatureHeaders: [(name: String, value: String)] = []
            // An anonymous client (STS AssumeRoleWithWebIdentity) sends no signature at all.
            if !(credentialProvider is AnonymousCredentialProvider) {
                let credentials = try await credentialProvider.credentials()
                let signer = SigV4Signer(credentials: credentials, region: endpoint.signingRegion, service: service.signingName,
                                         options: service.isS3 ? .s3 : .standard)
                signatureHeaders = signer.signHeaders(
                    SigV4Request(method: method, path: fullPath, query: queryString, headers: unsigned.map { (name: $0.0, value: $0.1) }, payloadHash: payloadHash),
                    at: now()).headers
            }
            let request = HTTPRequest(method: method, url: url, headers: unsigned.map { (name: $0.0, value: $0.1) } + signatureHeaders, body: body)

            let limiter = retryPolicy.limiter(for: service)
            if let limiter {
                let waited = try await limiter.acquire(sleep: retryPolicy.sleep)
                if waited > .zero {
                    rateLimitObserver?(RateLimitWait(service: service.serviceID, operation: operation, waited: waited, rate: limiter.rate))
                    logger.debug("\(service.serviceID) \(operation): waited \(waited.milliseconds) ms for the adaptive rate limit")
                }
            }
            let started = ContinuousClock.now
            let outcome: Result<HTTPResponse, any Error>
            do {
                outcome = .success(try await transport.send(request, timeout: timeout))
            } catch {
                outcome = .failure(error)
            }
            let elapsed = ContinuousClock.now - started

            switch outcome {
            case .failure(let error as TransportError):
                record(service, operation, attempt, status: nil, code: "ConnectionError", elapsed)
                guard error.isRetryable, attempt < retryPolicy.maxAttempts else {
                    throw AWSClientError.transport(service: service.serviceID, operation: operation, error, attempts: attempt,
                                                   hint: unreachableHint(service, error))
                }
            case .failure(let error):
                throw error
            case .success(let response) where response.status < 300:
                limiter?.record(throttled: false)
                record(service, operation, attempt, status: response.status, code: nil, elapsed)
                return response
            case .success(let response):
                let error = AWSErrorDecoder.decode(response, service: service.serviceID, operation: operation)
                limiter?.record(throttled: error.isThrottling)
                record(service, operation, attempt, status: response.status, code: error.code, elapsed)
                let attempts = error.isThrottling ? retryPolicy.throttledMaxAttempts : retryPolicy.maxAttempts
                guard error.isRetryable, attempt < attempts else { throw error }
            }
            try await retryPolicy.sleep(retryPolicy.delay(beforeRetry: attempt))
        }
    }

    /// What to check when an endpoint cannot be reached: the region and endpoint settings that
    /// chose it, and the network.
    private func unreachableHint(_ service: AWSServiceDescription, _ error: TransportError) -> String {
        let settings = "check the region (\(region)), the network, and AWS_ENDPOINT_URL or \(service.endpointEnvironmentVariable) if set"
        return error.kind == .timedOut ? settings + " (or allow more time)" : settings
    }

    private func record(_ service: AWSServiceDescription, _ operation: String, _ attempt: Int, status: Int?, code: String?, _ elapsed: Duration) {
        let record = AWSCallRecord(service: service.serviceID, operation: operation, attempt: attempt, status: status, errorCode: code, duration: elapsed)
        observer?(record)
        if let status, status < 300, record.isWrite { WriteLog.current?.add(operation) }
        logger.debug("\(service.serviceID) \(operation) \(status.map(String.init) ?? "-")\(code.map { " \($0)" } ?? "") \(elapsed.milliseconds) ms\(attempt > 1 ? " (attempt \(attempt))" : "")")
    }

    private func decodeJSON<Output: Decodable>(_ type: Output.Type, from body: [UInt8], service: AWSServiceDescription, operation: String) throws -> Output {
        do {
            return try Self.jsonDecoder.decode(Output.self, from: Data(body.isEmpty ? Array("{}".utf8) : body))
        } catch {
            throw AWSClientError.unreadableReply(service: service.serviceID, operation: operation, reason: "\(error)")
        }
    }

    public static var jsonEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.nonConformingFloatEncodingStrategy = Self.nonConformingFloats
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// AWS's JSON protocols write the floats JSON has no number for as these strings.
    static let nonConformingFloats = JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(
        positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")

    /// Timestamps arrive as epoch seconds (AWS's JSON protocols) or as ISO-8601 text (some of moto's replies).
    public static var jsonDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            if let seconds = try? container.decode(Double.self) { return Date(timeIntervalSince1970: seconds) }
            let text = try container.decode(String.self)
            if let date = ISO8601Timestamp.parse(text) ?? Double(text).map(Date.init(timeIntervalSince1970:)) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a timestamp")
        }
        return decoder
    }
}

extension Duration {
    public var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
