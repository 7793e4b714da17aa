import AWSCore
import AWSServices
import SlipwayConfig
import Foundation

/// One line of a CodeBuild or container log.
public struct LogLine: Sendable, Codable, Equatable {
    public var timestamp: Date
    public var message: String
    /// The log stream (for containers: `{container}/{container}/{task id}`).
    public var stream: String?

    public init(timestamp: Date, message: String, stream: String?) {
        self.timestamp = timestamp
        self.message = message
        self.stream = stream
    }
}

/// A CodeBuild build and where its log is.
public struct BuildInfo: Sendable, Codable, Equatable {
    public var id: String
    /// `IN_PROGRESS`, `SUCCEEDED`, `FAILED`, `FAULT`, `TIMED_OUT`, `STOPPED`.
    public var status: CodeBuild.StatusType
    public var complete: Bool
    public var startTime: Date?
    public var endTime: Date?
    public var commit: String?
    public var logGroup: String
    public var logStream: String
}

/// Reads CodeBuild build logs and ECS container logs from CloudWatch Logs, and follows them.
public struct LogReader: Sendable {
    public let client: AWSClient
    public var waiter: Waiter

    public init(client: AWSClient, waiter: Waiter = Waiter(interval: .seconds(2), timeout: .seconds(3600))) {
        self.client = client
        self.waiter = waiter
    }

    // MARK: - Builds

    /// The newest build of `project`, with the log group and stream CodeBuild writes it to
    /// (its own `/aws/codebuild/{project}` and the build's id when the build does not say).
    public func latestBuild(project: String) async throws -> BuildInfo {
        let codeBuild = CodeBuild(client: client)
        let ids: [String]
        do {
            ids = try await codeBuild.listBuildsForProject(.init(projectName: project, sortOrder: .descending)).ids ?? []
        } catch let error as AWSError where error.is(CodeBuild.ErrorCode.resourceNotFound) {
            throw OperationError.noBuilds(project: project)
        }
        guard let newest = ids.first else { throw OperationError.noBuilds(project: project) }
        return try await build(newest, project: project)
    }

    public func build(_ id: String, project: String) async throws -> BuildInfo {
        let reply = try await CodeBuild(client: client).batchGetBuilds(.init(ids: [id]))
        guard let build = reply.builds?.first(where: { $0.id == id }) else { throw OperationError.noBuilds(project: project) }
        let defaultStream = String(id.split(separator: ":").last ?? Substring(id))
        let group = build.logs?.groupName.flatMap { $0 == "null" || $0.isEmpty ? nil : $0 } ?? ResourceNames.buildLogGroup(project: project)
        let stream = build.logs?.streamName.flatMap { $0 == "null" || $0.isEmpty ? nil : $0 } ?? defaultStream
        return BuildInfo(
            id: id, status: build.buildStatus ?? .inProgress, complete: build.buildComplete ?? false,
            startTime: build.startTime, endTime: build.endTime, commit: build.resolvedSourceVersion ?? build.sourceVersion,
            logGroup: group, logStream: stream)
    }

    /// The build's log from its start (or `since`); with `follow`, keeps reading until the build
    /// completes. Returns the build as it was last read.
    public func buildLog(_ build: BuildInfo, project: String, since: Date? = nil, follow: Bool,
                         onLines: @Sendable ([LogLine]) -> Void) async throws -> BuildInfo {
        var token: String?
        var current = build
        var looked = false
        _ = try await waiter.until {
            if looked { current = try await self.build(build.id, project: project) }
            looked = true
            token = try await readBuildLog(current, since: since, after: token, follow: follow, onLines: onLines)
            return !follow || current.complete
        }
        return current
    }

    /// Reads what the build's stream holds after `token`, page by page, until the forward token
    /// stops moving; the token to read on from.
    private func readBuildLog(_ build: BuildInfo, since: Date?, after start: String?, follow: Bool,
                              onLines: @Sendable ([LogLine]) -> Void) async throws -> String? {
        let logs = CloudWatchLogs(client: client)
        var token = start
        while true {
            let page: CloudWatchLogs.GetLogEventsResponse
            do {
                page = try await logs.getLogEvents(.init(
                    logGroupName: build.logGroup, logStreamName: build.logStream,
                    startTime: since.map(Self.milliseconds), nextToken: token, startFromHead: true))
            } catch let error as AWSError where error.is(CloudWatchLogs.ErrorCode.resourceNotFound) {
                // CodeBuild creates the stream when the build starts writing.
                if !build.complete && follow { return token }
                throw OperationError.logGroupMissing("\(build.logGroup) (stream \(build.logStream))",
                                                     hint: "the build wrote no log (it may have failed before it started, or logs are off for the project)")
            }
            let lines = (page.events ?? []).map { event in
                LogLine(timestamp: Self.date(event.timestamp), message: Self.trimmed(event.message ?? ""), stream: build.logStream)
            }
            if !lines.isEmpty { onLines(lines) }
            guard let next = page.nextForwardToken, next != token, !(page.events ?? []).isEmpty else {
                return page.nextForwardToken ?? token
            }
            token = next
        }
    }

    // MARK: - Containers

    /// The events of a log group since `since`, oldest first, interleaved across streams; with
    /// `follow`, keeps reading new events until cancelled (or the waiter's timeout).
    public func groupLog(_ group: String, since: Date, follow: Bool, hint: String,
                         onLines: @Sendable ([LogLine]) -> Void) async throws {
        let logs = CloudWatchLogs(client: client)
        var start = Self.milliseconds(since)
        // Events at the newest timestamp already shown: the next read starts at that
        // millisecond again, so that events written in it later are not lost.
        var shownAtStart: Set<String> = []
        _ = try await waiter.until {
            let events: [CloudWatchLogs.FilteredLogEvent]
            do {
                events = try await logs.filterAllLogEvents(.init(logGroupName: group, startTime: start))
            } catch let error as AWSError where error.is(CloudWatchLogs.ErrorCode.resourceNotFound) {
                throw OperationError.logGroupMissing(group, hint: hint)
            }
            let sorted = events.sorted { ($0.timestamp ?? 0) < ($1.timestamp ?? 0) }
            let fresh = sorted.filter { !shownAtStart.contains(Self.key($0)) }
            if !fresh.isEmpty {
                onLines(fresh.map { LogLine(timestamp: Self.date($0.timestamp), message: Self.trimmed($0.message ?? ""), stream: $0.logStreamName) })
                let newest = fresh.compactMap(\.timestamp).max() ?? start
                if newest > start {
                    start = newest
                    shownAtStart = []
                }
                shownAtStart.formUnion(sorted.filter { ($0.timestamp ?? 0) == start }.map(Self.key))
            }
            return !follow
        }
    }

    static func key(_ event: CloudWatchLogs.FilteredLogEvent) -> String {
        event.eventId ?? "\(event.timestamp ?? 0)|\(event.logStreamName ?? "")|\(event.message ?? "")"
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    static func date(_ milliseconds: Int64?) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds ?? 0) / 1000)
    }

    /// CodeBuild's lines end with a newline; the printer adds its own.
    static func trimmed(_ message: String) -> String {
        var text = message
        while let last = text.last, last.isNewline { text.removeLast() }
        return text
    }
}
