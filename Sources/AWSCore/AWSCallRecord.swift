/// One attempt of one AWS call, as `--verbose` shows it and benchmarks count it.
public struct AWSCallRecord: Sendable {
    public let service: String
    public let operation: String
    public let attempt: Int
    /// The HTTP status, or nil when no response came.
    public let status: Int?
    public let errorCode: String?
    public let duration: Duration

    public var isWrite: Bool { !Self.readPrefixes.contains { operation.hasPrefix($0) } }

    static let readPrefixes = ["Get", "List", "Describe", "BatchGet", "Head", "Filter"]
}

/// A request held back by the adaptive retry mode's rate limit before it went.
public struct RateLimitWait: Sendable, Equatable {
    public let service: String
    public let operation: String
    public let waited: Duration
    /// Requests a second the service is paced at now.
    public let rate: Double?

    public init(service: String, operation: String, waited: Duration, rate: Double?) {
        self.service = service
        self.operation = operation
        self.waited = waited
        self.rate = rate
    }
}
