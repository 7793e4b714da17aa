import AWSCore
import AWSServices

/// The CloudWatch Logs group of one service's containers in one environment.
struct LogGroupResource: ManagedResource {
    let name: String
    let retentionDays: Int
    let tags: SlipwayTags

    var address: ResourceAddress { ResourceAddress(.logGroup, name) }
    var dependencies: [ResourceAddress] { [] }
    enum Fields {
        static let retentionDays = FieldID("retention days")
    }

    var desired: [Field] { [Field(Fields.retentionDays, integer: retentionDays), tags.field] }

    var readsFromListings: Bool { true }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        let logs = CloudWatchLogs(client: context.client)
        let arn = arn(context)
        // Tag operations take the ARN without the trailing `:*` that DescribeLogGroups' `arn` has.
        async let tagsRead = try? await AccountListings.tags(of: arn, in: context.listings) { try await logs.listTagsForResource(.init(resourceArn: arn)).tags ?? [:] }
        let found: CloudWatchLogs.LogGroup?
        if let listings = context.listings, name.hasPrefix(listings.logGroupPrefix) {
            found = try await listings.logGroups.value()[name]
        } else {
            found = try await logs.logGroup(named: name)
        }
        let live = await tagsRead ?? [:]
        guard let group = found else { return nil }
        let liveTags = SlipwayTags(live: live)
        return LiveResource(fields: [
            Field(Fields.retentionDays, value: group.retentionInDays.map(FieldValue.integer) ?? .scalar("never expire")),
            liveTags.field,
        ], ownedByApp: liveTags.isOwned(by: context.app))
    }

    func create(_ context: EngineContext) async throws {
        let logs = CloudWatchLogs(client: context.client)
        try await logs.createLogGroup(.init(logGroupName: name, tags: tags.values))
        try await logs.putRetentionPolicy(.init(logGroupName: name, retentionInDays: retentionDays))
    }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let logs = CloudWatchLogs(client: context.client)
        let changed = Set(changes.map(\.id))
        if changed.contains(Fields.retentionDays) {
            try await logs.putRetentionPolicy(.init(logGroupName: name, retentionInDays: retentionDays))
        }
        if changed.contains(.tags) {
            try await logs.tagResource(.init(resourceArn: arn(context), tags: tags.values))
        }
    }

    func delete(_ context: EngineContext) async throws {
        do {
            try await CloudWatchLogs(client: context.client).deleteLogGroup(.init(logGroupName: name))
        } catch let error as AWSError where error.is(CloudWatchLogs.ErrorCode.resourceNotFound) {
            return
        }
    }

    private func arn(_ context: EngineContext) -> String { context.arns.logGroup(name) }
}
