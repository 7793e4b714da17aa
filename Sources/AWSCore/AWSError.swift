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

/// A failure inside the client itself: no credentials, no region, an unreadable reply.
public struct AWSClientError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
