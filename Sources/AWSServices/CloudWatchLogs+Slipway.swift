import AWSCore

/// Amazon CloudWatch Logs: the containers' and builds' log groups, and reading their events.
/// Times are epoch milliseconds (`Int64`), as the API model types them.
public struct CloudWatchLogs: Sendable {
    public static let service = AWSServiceDescription(
        serviceID: "CloudWatch Logs", signingName: "logs", endpointPrefix: "logs",
        wireProtocol: .json(targetPrefix: "Logs_20140328", version: "1.1"))
    public let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    private func call<Output: Decodable>(_ operation: String, _ input: some Encodable, as output: Output.Type = Output.self) async throws -> Output {
        try await client.json(Self.service, operation, input)
    }

    private func send(_ operation: String, _ input: some Encodable) async throws {
        let _: EmptyShape = try await client.json(Self.service, operation, input)
    }

    // MARK: - Log groups

    public struct CreateLogGroupRequest: Codable, Sendable {
        public var logGroupName: String
        public var kmsKeyId: String?
        public var tags: [String: String]?
        /// `STANDARD` or `INFREQUENT_ACCESS`.
        public var logGroupClass: String?

        public init(logGroupName: String, kmsKeyId: String? = nil, tags: [String: String]? = nil, logGroupClass: String? = nil) {
            self.logGroupName = logGroupName
            self.kmsKeyId = kmsKeyId
            self.tags = tags
            self.logGroupClass = logGroupClass
        }
    }

    /// Throws `AWSError` with code `ResourceAlreadyExistsException` when the group exists.
    public func createLogGroup(_ input: CreateLogGroupRequest) async throws {
        try await send("CreateLogGroup", input)
    }

    public struct DescribeLogGroupsRequest: Codable, Sendable {
        public var logGroupNamePrefix: String?
        public var logGroupNamePattern: String?
        public var nextToken: String?
        public var limit: Int?
        public var logGroupClass: String?

        public init(logGroupNamePrefix: String? = nil, logGroupNamePattern: String? = nil, nextToken: String? = nil, limit: Int? = nil,
                    logGroupClass: String? = nil) {
            self.logGroupNamePrefix = logGroupNamePrefix
            self.logGroupNamePattern = logGroupNamePattern
            self.nextToken = nextToken
            self.limit = limit
            self.logGroupClass = logGroupClass
        }
    }

    public struct DescribeLogGroupsResponse: Codable, Sendable, Equatable {
        public var logGroups: [LogGroup]?
        public var nextToken: String?
    }

    public func describeLogGroups(_ input: DescribeLogGroupsRequest = DescribeLogGroupsRequest()) async throws -> DescribeLogGroupsResponse {
        try await call("DescribeLogGroups", input)
    }

    /// Every log group whose name starts with the prefix, following `nextToken` across pages of `limit`.
    public func describeAllLogGroups(logGroupNamePrefix: String? = nil, limit: Int? = nil) async throws -> [LogGroup] {
        try await Pagination.all { token in
            let page = try await describeLogGroups(DescribeLogGroupsRequest(logGroupNamePrefix: logGroupNamePrefix, nextToken: token, limit: limit))
            return (page.logGroups ?? [], page.nextToken)
        }
    }

    /// The log group of exactly that name, or nil (DescribeLogGroups matches by prefix).
    public func logGroup(named name: String) async throws -> LogGroup? {
        try await describeAllLogGroups(logGroupNamePrefix: name).first { $0.logGroupName == name }
    }

    public struct DeleteLogGroupRequest: Codable, Sendable {
        public var logGroupName: String

        public init(logGroupName: String) {
            self.logGroupName = logGroupName
        }
    }

    /// Throws `AWSError` with code `ResourceNotFoundException` when the group does not exist.
    public func deleteLogGroup(_ input: DeleteLogGroupRequest) async throws {
        try await send("DeleteLogGroup", input)
    }

    public struct PutRetentionPolicyRequest: Codable, Sendable {
        public var logGroupName: String
        /// One of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.
        public var retentionInDays: Int

        public init(logGroupName: String, retentionInDays: Int) {
            self.logGroupName = logGroupName
            self.retentionInDays = retentionInDays
        }
    }

    public func putRetentionPolicy(_ input: PutRetentionPolicyRequest) async throws {
        try await send("PutRetentionPolicy", input)
    }

    public struct DeleteRetentionPolicyRequest: Codable, Sendable {
        public var logGroupName: String

        public init(logGroupName: String) {
            self.logGroupName = logGroupName
        }
    }

    /// The group then keeps its events forever.
    public func deleteRetentionPolicy(_ input: DeleteRetentionPolicyRequest) async throws {
        try await send("DeleteRetentionPolicy", input)
    }

    // MARK: - Tags (by ARN; the ARN is the group's `logGroupArn`, without the trailing `:*`)

    public struct TagResourceRequest: Codable, Sendable {
        public var resourceArn: String
        public var tags: [String: String]

        public init(resourceArn: String, tags: [String: String]) {
            self.resourceArn = resourceArn
            self.tags = tags
        }
    }

    public func tagResource(_ input: TagResourceRequest) async throws {
        try await send("TagResource", input)
    }

    public struct UntagResourceRequest: Codable, Sendable {
        public var resourceArn: String
        public var tagKeys: [String]

        public init(resourceArn: String, tagKeys: [String]) {
            self.resourceArn = resourceArn
            self.tagKeys = tagKeys
        }
    }

    public func untagResource(_ input: UntagResourceRequest) async throws {
        try await send("UntagResource", input)
    }

    public struct ListTagsForResourceRequest: Codable, Sendable {
        public var resourceArn: String

        public init(resourceArn: String) {
            self.resourceArn = resourceArn
        }
    }

    public struct ListTagsForResourceResponse: Codable, Sendable, Equatable {
        public var tags: [String: String]?
    }

    public func listTagsForResource(_ input: ListTagsForResourceRequest) async throws -> ListTagsForResourceResponse {
        try await call("ListTagsForResource", input)
    }

    // MARK: - Log streams and events

    public struct CreateLogStreamRequest: Codable, Sendable {
        public var logGroupName: String
        public var logStreamName: String

        public init(logGroupName: String, logStreamName: String) {
            self.logGroupName = logGroupName
            self.logStreamName = logStreamName
        }
    }

    public func createLogStream(_ input: CreateLogStreamRequest) async throws {
        try await send("CreateLogStream", input)
    }

    public struct DeleteLogStreamRequest: Codable, Sendable {
        public var logGroupName: String
        public var logStreamName: String

        public init(logGroupName: String, logStreamName: String) {
            self.logGroupName = logGroupName
            self.logStreamName = logStreamName
        }
    }

    public func deleteLogStream(_ input: DeleteLogStreamRequest) async throws {
        try await send("DeleteLogStream", input)
    }

    public struct DescribeLogStreamsRequest: Codable, Sendable {
        public var logGroupName: String?
        public var logGroupIdentifier: String?
        public var logStreamNamePrefix: String?
        /// `LogStreamName` (the default) or `LastEventTime` (then no `logStreamNamePrefix`).
        public var orderBy: String?
        public var descending: Bool?
        public var nextToken: String?
        public var limit: Int?

        public init(logGroupName: String? = nil, logGroupIdentifier: String? = nil, logStreamNamePrefix: String? = nil, orderBy: String? = nil,
                    descending: Bool? = nil, nextToken: String? = nil, limit: Int? = nil) {
            self.logGroupName = logGroupName
            self.logGroupIdentifier = logGroupIdentifier
            self.logStreamNamePrefix = logStreamNamePrefix
            self.orderBy = orderBy
            self.descending = descending
            self.nextToken = nextToken
            self.limit = limit
        }
    }

    public struct DescribeLogStreamsResponse: Codable, Sendable, Equatable {
        public var logStreams: [LogStream]?
        public var nextToken: String?
    }

    public func describeLogStreams(_ input: DescribeLogStreamsRequest) async throws -> DescribeLogStreamsResponse {
        try await call("DescribeLogStreams", input)
    }

    public struct PutLogEventsRequest: Codable, Sendable {
        public var logGroupName: String
        public var logStreamName: String
        /// In chronological order; at most 10,000 events and 1 MiB per call.
        public var logEvents: [InputLogEvent]
        public var sequenceToken: String?

        public init(logGroupName: String, logStreamName: String, logEvents: [InputLogEvent], sequenceToken: String? = nil) {
            self.logGroupName = logGroupName
            self.logStreamName = logStreamName
            self.logEvents = logEvents
            self.sequenceToken = sequenceToken
        }
    }

    public struct PutLogEventsResponse: Codable, Sendable, Equatable {
        public var nextSequenceToken: String?
        public var rejectedLogEventsInfo: RejectedLogEventsInfo?
    }

    public func putLogEvents(_ input: PutLogEventsRequest) async throws -> PutLogEventsResponse {
        try await call("PutLogEvents", input)
    }

    public struct GetLogEventsRequest: Codable, Sendable {
        public var logGroupName: String?
        public var logGroupIdentifier: String?
        public var logStreamName: String
        public var startTime: Int64?
        public var endTime: Int64?
        public var nextToken: String?
        public var limit: Int?
        /// Read from the oldest event (true) or the newest (false, AWS's default).
        public var startFromHead: Bool?

        public init(logGroupName: String? = nil, logGroupIdentifier: String? = nil, logStreamName: String, startTime: Int64? = nil,
                    endTime: Int64? = nil, nextToken: String? = nil, limit: Int? = nil, startFromHead: Bool? = nil) {
            self.logGroupName = logGroupName
            self.logGroupIdentifier = logGroupIdentifier
            self.logStreamName = logStreamName
            self.startTime = startTime
            self.endTime = endTime
            self.nextToken = nextToken
            self.limit = limit
            self.startFromHead = startFromHead
        }
    }

    public struct GetLogEventsResponse: Codable, Sendable, Equatable {
        public var events: [OutputLogEvent]?
        /// Pass it back to read newer events; AWS returns the same token when there are none yet.
        public var nextForwardToken: String?
        public var nextBackwardToken: String?
    }

    public func getLogEvents(_ input: GetLogEventsRequest) async throws -> GetLogEventsResponse {
        try await call("GetLogEvents", input)
    }

    public struct FilterLogEventsRequest: Codable, Sendable {
        public var logGroupName: String?
        public var logGroupIdentifier: String?
        public var logStreamNames: [String]?
        public var logStreamNamePrefix: String?
        public var startTime: Int64?
        public var endTime: Int64?
        public var filterPattern: String?
        public var nextToken: String?
        public var limit: Int?

        public init(logGroupName: String? = nil, logGroupIdentifier: String? = nil, logStreamNames: [String]? = nil, logStreamNamePrefix: String? = nil,
                    startTime: Int64? = nil, endTime: Int64? = nil, filterPattern: String? = nil, nextToken: String? = nil, limit: Int? = nil) {
            self.logGroupName = logGroupName
            self.logGroupIdentifier = logGroupIdentifier
            self.logStreamNames = logStreamNames
            self.logStreamNamePrefix = logStreamNamePrefix
            self.startTime = startTime
            self.endTime = endTime
            self.filterPattern = filterPattern
            self.nextToken = nextToken
            self.limit = limit
        }
    }

    public struct FilterLogEventsResponse: Codable, Sendable, Equatable {
        public var events: [FilteredLogEvent]?
        public var searchedLogStreams: [SearchedLogStream]?
        public var nextToken: String?
    }

    public func filterLogEvents(_ input: FilterLogEventsRequest) async throws -> FilterLogEventsResponse {
        try await call("FilterLogEvents", input)
    }

    /// Every matching event, following `nextToken` (the request's own token is ignored).
    public func filterAllLogEvents(_ input: FilterLogEventsRequest) async throws -> [FilteredLogEvent] {
        try await Pagination.all { token in
            var request = input
            request.nextToken = token
            let page = try await filterLogEvents(request)
            return (page.events ?? [], page.nextToken)
        }
    }
}

// The shapes that several CloudWatch Logs operations share, named as in the API model.
extension CloudWatchLogs {
    public struct LogGroup: Codable, Sendable, Equatable {
        public var logGroupName: String?
        public var creationTime: Int64?
        public var retentionInDays: Int?
        public var metricFilterCount: Int?
        /// The group's ARN with a trailing `:*` (for IAM policies).
        public var arn: String?
        public var storedBytes: Int64?
        public var kmsKeyId: String?
        public var logGroupClass: String?
        /// The group's ARN without the trailing `:*` (for tagging).
        public var logGroupArn: String?
    }

    public struct LogStream: Codable, Sendable, Equatable {
        public var logStreamName: String?
        public var creationTime: Int64?
        public var firstEventTimestamp: Int64?
        public var lastEventTimestamp: Int64?
        public var lastIngestionTime: Int64?
        public var uploadSequenceToken: String?
        public var arn: String?
        public var storedBytes: Int64?
    }

    public struct InputLogEvent: Codable, Sendable, Equatable {
        public var timestamp: Int64
        public var message: String

        public init(timestamp: Int64, message: String) {
            self.timestamp = timestamp
            self.message = message
        }
    }

    public struct RejectedLogEventsInfo: Codable, Sendable, Equatable {
        public var tooNewLogEventStartIndex: Int?
        public var tooOldLogEventEndIndex: Int?
        public var expiredLogEventEndIndex: Int?
    }

    public struct OutputLogEvent: Codable, Sendable, Equatable {
        public var timestamp: Int64?
        public var message: String?
        public var ingestionTime: Int64?
    }

    public struct FilteredLogEvent: Codable, Sendable, Equatable {
        public var logStreamName: String?
        public var timestamp: Int64?
        public var message: String?
        public var ingestionTime: Int64?
        public var eventId: String?
    }

    public struct SearchedLogStream: Codable, Sendable, Equatable {
        public var logStreamName: String?
        public var searchedCompletely: Bool?
    }
}

extension CloudWatchLogs {
    /// The error codes of CloudWatchLogs that Slipway acts on.
    public enum ErrorCode {
        public static let resourceNotFound = AWSErrorCode("ResourceNotFoundException")
    }
}
