/// An error that AWS answered with: its code, its message, the HTTP status and the request id.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    public let service: String
    public let operation: String
    public let code: String
    public let message: String
    public let statusCode: Int
    public let requestID: String?

    public init(service: String, operation: String, code: String, message: String, statusCode: Int, requestID: String? = nil) {
        self.service = service
        self.operation = operation
        self.code = code
        self.message = message
        self.statusCode = statusCode
        self.requestID = requestID
    }

    public var description: String {
        var text = "\(service) \(operation): \(code)"
        if !message.isEmpty { text += ": \(message)" }
        text += " (HTTP \(statusCode)"
        if let requestID { text += ", request id \(requestID)" }
        return text + ")"
    }

    /// Codes that botocore's standard retry mode treats as throttling.
    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Codes that botocore's standard retry mode treats as transient.
    static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "InternalError",
        "InternalFailure", "ServiceUnavailable", "IDPCommunicationError",
    ]

    public var isThrottling: Bool { Self.throttlingCodes.contains(code) || statusCode == 429 }

    public var isRetryable: Bool {
        isThrottling || Self.transientCodes.contains(code) || [500, 502, 503, 504].contains(statusCode)
    }
}

/// A failure of the client rather than an answer from AWS (that is `AWSError`), one case per
/// kind, so that a caller can tell a network that never answered from a reply it could not read.
public enum AWSClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The client's own settings: a missing profile, no region, a malformed region name.
    case configuration(String)
    /// No HTTP response after every attempt the retry mode allows; `hint` says what to check.
    case transport(service: String, operation: String, TransportError, attempts: Int, hint: String)
    /// AWS answered with success, but not in a form the operation's output can be read from.
    case unreadableReply(service: String, operation: String, reason: String)
    /// The reply was read but lacks a member the caller needs (`resource`: what the call was about).
    case incompleteReply(service: String, operation: String, missing: String, resource: String? = nil)

    public var description: String {
        switch self {
        case .configuration(let text):
            text
        case .transport(let service, let operation, let error, let attempts, let hint):
            "\(service) \(operation): \(error)\(attempts > 1 ? " (after \(attempts) attempts)" : ""); \(hint)"
        case .unreadableReply(let service, let operation, let reason):
            "\(service) \(operation): unreadable reply: \(reason)"
        case .incompleteReply(let service, let operation, let missing, let resource):
            "\(service) \(operation): the reply\(resource.map { " for \($0)" } ?? "") has no \(missing), which Slipway needs"
        }
    }
}
