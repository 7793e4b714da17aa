import AWSCore
import AWSServices
import SlipwayConfig

/// The EventBridge rule of one environment's notifications: CodePipeline's events of the
/// environment's pipelines, per `events`, to its SNS topic and its webhook, each with a
/// message of one readable line.
struct NotificationRuleResource: ManagedResource {
    struct Target: Sendable, Equatable {
        enum Destination: Sendable, Equatable {
            case topic(arn: String)
            /// Named: its ARN ends in an ID EventBridge chose, looked up when the rule is written.
            case apiDestination(name: String)
        }

        /// The target's ID in the rule: `email` or `webhook`.
        let id: String
        let destination: Destination
        /// The role EventBridge calls it with (an API destination needs one; SNS's topic policy does not).
        let role: String?
        /// The InputTransformer's template.
        let template: String
    }

    let name: String
    let pattern: String
    let targets: [Target]
    let tags: SlipwayTags
    let dependencies: [ResourceAddress]

    var address: ResourceAddress { ResourceAddress(.notificationRule, name) }

    enum Fields {
        static let pattern = FieldID("event pattern")
        static let state = FieldID("state")
        static let targets = FieldID("targets")
        static let messages = FieldID("messages")
    }

    /// What each message is made of: fields every CodePipeline action event has.
    static let inputPaths = [
        "pipeline": "$.detail.pipeline", "state": "$.detail.state", "stage": "$.detail.stage",
        "action": "$.detail.action", "execution": "$.detail.execution-id",
    ]

    var desired: [Field] {
        [
            Field(Fields.pattern, document: PolicyDocument.canonical(pattern)),
            Field(Fields.state, "ENABLED"),
            Field(Fields.targets, list: targets.map(Self.describe).sorted()),
            Field(Fields.messages, map: Dictionary(uniqueKeysWithValues: targets.map { ($0.id, $0.template) })),
            tags.field,
        ]
    }

    static func describe(_ target: Target) -> String {
        let resource = switch target.destination {
        case .topic(let arn): "sns-topic \(arn.split(separator: ":").last ?? "")"
        case .apiDestination(let name): "api-destination \(name)"
        }
        return "\(target.id): \(resource)" + (target.role.map { " as role \($0.split(separator: "/").last ?? "")" } ?? "")
    }

    /// A live target's destination from its ARN (`…:api-destination/{name}/{id}` or a topic's ARN).
    static func destination(arn: String) -> Target.Destination {
        let resource = arn.split(separator: ":", maxSplits: 5).last.map(String.init) ?? arn
        if resource.hasPrefix("api-destination/") {
            return .apiDestination(name: resource.split(separator: "/").dropFirst().first.map(String.init) ?? "")
        }
        return .topic(arn: arn)
    }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        let events = EventBridge(client: context.client)
        let code = EventBridge.ErrorCode.resourceNotFound
        let arn = context.arns.eventRule(name)
        async let liveTargets = notFoundAsNil(code) { try await events.allTargets(rule: name) }
        async let liveTags = notFoundAsNil(code) { try await events.tags(of: arn) }
        guard let rule = try await notFoundAsNil(code, { try await events.describeRule(.init(Name: name)) }) else {
            _ = try? await (liveTargets, liveTags)
            return nil
        }
        let found = (try await liveTargets ?? []).map {
            Target(id: $0.Id ?? "", destination: Self.destination(arn: $0.Arn ?? ""), role: $0.RoleArn, template: $0.InputTransformer?.InputTemplate ?? $0.Input ?? "")
        }
        let tags = SlipwayTags(live: try await liveTags ?? [:])
        return LiveResource(fields: [
            Field(Fields.pattern, document: rule.EventPattern.map(PolicyDocument.canonical)),
            Field(Fields.state, rule.State?.rawValue),
            Field(Fields.targets, list: found.map(Self.describe).sorted()),
            Field(Fields.messages, map: Dictionary(found.map { ($0.id, $0.template) }, uniquingKeysWith: { $1 })),
            tags.field,
        ], ownedByApp: tags.isOwned(by: context.app))
    }

    func create(_ context: EngineContext) async throws {
        let events = EventBridge(client: context.client)
        _ = try await events.putRule(.init(Name: name, EventPattern: pattern, State: .enabled, Description: description, Tags: eventTags))
        try await putTargets(events, context)
    }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let events = EventBridge(client: context.client)
        if changes.contains(where: { [Fields.pattern, Fields.state].contains($0.id) }) {
            _ = try await events.putRule(.init(Name: name, EventPattern: pattern, State: .enabled, Description: description))
        }
        if changes.contains(where: { [Fields.targets, Fields.messages].contains($0.id) }) {
            let stale = try await events.allTargets(rule: name).compactMap(\.Id).filter { id in !targets.contains { $0.id == id } }
            if !stale.isEmpty { _ = try await events.removeTargets(.init(Rule: name, Ids: stale)) }
            try await putTargets(events, context)
        }
        if changes.contains(where: { $0.id == .tags }) {
            _ = try await events.tagResource(.init(ResourceARN: context.arns.eventRule(name), Tags: eventTags))
        }
    }

    /// PutTargets reports a target it refused in its answer, not as an error.
    private func putTargets(_ events: EventBridge, _ context: EngineContext) async throws {
        var written: [EventBridge.Target] = []
        for target in targets {
            let arn: String
            switch target.destination {
            case .topic(let topic):
                arn = topic
            case .apiDestination(let destination):
                arn = try await events.describeApiDestination(.init(Name: destination)).ApiDestinationArn ?? ""
            }
            written.append(.init(
                Id: target.id, Arn: arn, RoleArn: target.role,
                InputTransformer: .init(InputPathsMap: Self.inputPaths, InputTemplate: target.template)))
        }
        let request = EventBridge.PutTargetsRequest(Rule: name, Targets: written)
        let answer = try await context.retrying(SettlingRefusal.ruleChanging, for: .seconds(120)) { try await events.putTargets(request) }
        if let failed = answer.FailedEntries?.first, (answer.FailedEntryCount ?? 0) > 0 {
            throw EngineError.entriesRefused(
                operation: "EventBridge PutTargets",
                message: "target \(failed.TargetId ?? "?"): \(failed.ErrorCode ?? "") \(failed.ErrorMessage ?? "")")
        }
    }

    func delete(_ context: EngineContext) async throws {
        let events = EventBridge(client: context.client)
        let code = EventBridge.ErrorCode.resourceNotFound
        // A rule with targets cannot be deleted.
        guard let ids = try await notFoundAsNil(code, { try await events.allTargets(rule: name).compactMap(\.Id) }) else { return }
        if !ids.isEmpty {
            _ = try await context.retrying(SettlingRefusal.ruleChanging, for: .seconds(120)) { try await events.removeTargets(.init(Rule: name, Ids: ids)) }
        }
        _ = try await context.retrying(SettlingRefusal.ruleStillHasTargets + SettlingRefusal.ruleChanging, for: .seconds(300)) {
            try await notFoundAsNil(code) { try await events.deleteRule(.init(Name: name)) }
        }
    }

    private var description: String { "Slipway: pipeline events of \(tags.values[ResourceNames.environmentTag] ?? "")" }
    private var eventTags: [EventBridge.Tag] { tags.sortedPairs.map { EventBridge.Tag(Key: $0.key, Value: $0.value) } }
}
