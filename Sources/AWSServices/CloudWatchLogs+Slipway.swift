import AWSCore

// Slipway's conveniences over the generated CloudWatch Logs calls (Generated/CloudWatchLogs.swift).
// Times are epoch milliseconds (`Int64`), as the API model types them.
extension CloudWatchLogs {
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

extension CloudWatchLogs {
    /// The error codes of CloudWatchLogs that Slipway acts on.
    public enum ErrorCode {
        public static let resourceNotFound = AWSErrorCode("ResourceNotFoundException")
    }
}
