import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// CloudWatch Logs against the emulator: log groups, retention, tags, streams and events.
@Suite struct CloudWatchLogsTests {
    static func unique(_ prefix: String) -> String {
        "\(prefix)-\(UInt32.random(in: .min ... .max))"
    }

    static func logs() async throws -> CloudWatchLogs {
        CloudWatchLogs(client: try await Emulator.shared.connection().client())
    }

    @Test func logGroupLifecycle() async throws {
        let logs = try await Self.logs()
        let name = "/ecs/\(Self.unique("slipway"))/dev/web"
        try await logs.createLogGroup(.init(logGroupName: name, tags: ["slipway:app": "demo"]))
        let duplicate = await #expect(throws: AWSError.self) { try await logs.createLogGroup(.init(logGroupName: name)) }
        #expect(duplicate?.code == "ResourceAlreadyExistsException")

        let group = try #require(try await logs.logGroup(named: name))
        #expect(group.logGroupName == name)
        #expect(group.retentionInDays == nil)
        #expect(group.arn?.hasSuffix(":log-group:\(name):*") == true)
        #expect(group.creationTime.map { abs(Double($0) / 1000 - Date().timeIntervalSince1970) < 3600 } == true)
        let described = try await logs.describeLogGroups(.init(logGroupNamePrefix: name)).logGroups
        #expect(described?.map(\.logGroupName) == [name])

        try await logs.putRetentionPolicy(.init(logGroupName: name, retentionInDays: 14))
        #expect(try await logs.logGroup(named: name)?.retentionInDays == 14)
        try await logs.deleteRetentionPolicy(.init(logGroupName: name))
        #expect(try await logs.logGroup(named: name)?.retentionInDays == nil)

        // Tagging takes the ARN without the trailing `:*`.
        let arn = try #require(group.logGroupArn ?? group.arn.map { String($0.dropLast(2)) })
        #expect(try await logs.listTagsForResource(.init(resourceArn: arn)).tags == ["slipway:app": "demo"])
        try await logs.tagResource(.init(resourceArn: arn, tags: ["slipway:env": "dev", "slipway:service": "web"]))
        #expect(try await logs.listTagsForResource(.init(resourceArn: arn)).tags
                == ["slipway:app": "demo", "slipway:env": "dev", "slipway:service": "web"])
        try await logs.untagResource(.init(resourceArn: arn, tagKeys: ["slipway:service"]))
        #expect(try await logs.listTagsForResource(.init(resourceArn: arn)).tags == ["slipway:app": "demo", "slipway:env": "dev"])

        try await logs.deleteLogGroup(.init(logGroupName: name))
        #expect(try await logs.logGroup(named: name) == nil)
        let error = await #expect(throws: AWSError.self) { try await logs.deleteLogGroup(.init(logGroupName: name)) }
        #expect(error?.code == "ResourceNotFoundException")
        let retention = await #expect(throws: AWSError.self) { try await logs.putRetentionPolicy(.init(logGroupName: name, retentionInDays: 7)) }
        #expect(retention?.code == "ResourceNotFoundException")
    }

    @Test func describeLogGroupsFollowsNextToken() async throws {
        let logs = try await Self.logs()
        let prefix = "/slipway-test/\(Self.unique("page"))/"
        let names = (1...3).map { "\(prefix)\($0)" }
        for name in names { try await logs.createLogGroup(.init(logGroupName: name)) }
        let first = try await logs.describeLogGroups(.init(logGroupNamePrefix: prefix, limit: 2))
        #expect(first.logGroups?.count == 2)
        #expect(first.nextToken != nil)
        #expect(try await logs.describeAllLogGroups(logGroupNamePrefix: prefix, limit: 1).compactMap(\.logGroupName) == names)
        for name in names { try await logs.deleteLogGroup(.init(logGroupName: name)) }
        #expect(try await logs.describeAllLogGroups(logGroupNamePrefix: prefix).isEmpty)
    }

    @Test func streamsAndEvents() async throws {
        let logs = try await Self.logs()
        let group = "/codebuild/\(Self.unique("slipway"))"
        try await logs.createLogGroup(.init(logGroupName: group))
        try await logs.createLogStream(.init(logGroupName: group, logStreamName: "build/1"))
        try await logs.createLogStream(.init(logGroupName: group, logStreamName: "build/2"))
        let streams = try await logs.describeLogStreams(.init(logGroupName: group)).logStreams
        #expect(streams?.compactMap(\.logStreamName) == ["build/1", "build/2"])

        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let messages = ["step 1: docker build", "step 2: docker push", "ERROR: nothing wrong, just a test"]
        let put = try await logs.putLogEvents(.init(logGroupName: group, logStreamName: "build/1", logEvents: messages.enumerated().map {
            .init(timestamp: now + Int64($0.offset), message: $0.element)
        }))
        #expect(put.rejectedLogEventsInfo == nil)
        _ = try await logs.putLogEvents(.init(logGroupName: group, logStreamName: "build/2", logEvents: [.init(timestamp: now + 10, message: "ERROR in 2")]))

        let read = try await logs.getLogEvents(.init(logGroupName: group, logStreamName: "build/1", startFromHead: true))
        #expect(read.events?.compactMap(\.message) == messages)
        #expect(read.events?.first?.timestamp == now)
        let token = try #require(read.nextForwardToken)
        let newer = try await logs.getLogEvents(.init(logGroupName: group, logStreamName: "build/1", nextToken: token, startFromHead: true))
        #expect(newer.events ?? [] == [])

        let described = try #require(try await logs.describeLogStreams(.init(logGroupName: group, logStreamNamePrefix: "build/1")).logStreams?.first)
        #expect(described.firstEventTimestamp == now)
        #expect(described.lastEventTimestamp == now + 2)

        let errors = try await logs.filterLogEvents(.init(logGroupName: group, filterPattern: "ERROR"))
        #expect(Set(errors.events?.compactMap(\.message) ?? []) == ["ERROR: nothing wrong, just a test", "ERROR in 2"])
        #expect(errors.events?.first { $0.message == "ERROR in 2" }?.logStreamName == "build/2")
        let all = try await logs.filterAllLogEvents(.init(logGroupName: group, limit: 1))
        #expect(all.count == 4)
        let onlyFirst = try await logs.filterAllLogEvents(.init(logGroupName: group, logStreamNames: ["build/1"], startTime: now + 1))
        #expect(onlyFirst.compactMap(\.message) == Array(messages.dropFirst()))

        try await logs.deleteLogStream(.init(logGroupName: group, logStreamName: "build/2"))
        #expect(try await logs.describeLogStreams(.init(logGroupName: group)).logStreams?.compactMap(\.logStreamName) == ["build/1"])
        let missing = await #expect(throws: AWSError.self) {
            try await logs.getLogEvents(.init(logGroupName: group, logStreamName: "build/2"))
        }
        #expect(missing?.code == "ResourceNotFoundException")
        try await logs.deleteLogGroup(.init(logGroupName: group))
    }
}
