import AWSCore
import AWSServices

/// The SNS topic an environment's notifications are mailed from, with one email subscription per
/// address and a policy that lets only the environment's EventBridge rule publish.
struct NotificationTopicResource: ManagedResource {
    let name: String
    /// Lets only the environment's rule publish (`NotificationTopicResource.policy`).
    let policy: PolicyDocument
    let email: [String]
    let tags: SlipwayTags

    var address: ResourceAddress { ResourceAddress(.snsTopic, name) }
    var dependencies: [ResourceAddress] { [] }

    enum Fields {
        static let policy = FieldID("policy")
        static let email = FieldID("email")
    }

    static func policy(topic: String, rule: String, arns: ARNs) -> PolicyDocument {
        PolicyDocument([
            .init(sid: "EventBridgePublishes", principal: ["Service": "events.amazonaws.com"], actions: ["sns:Publish"],
                  resources: [arns.snsTopic(topic)], condition: ["ArnEquals": ["aws:SourceArn": arns.eventRule(rule)]]),
        ])
    }

    var desired: [Field] {
        [Field(Fields.policy, document: policy.canonicalText), Field(Fields.email, list: email.sorted()), tags.field]
    }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        let sns = SNS(client: context.client)
        let arn = context.arns.snsTopic(name)
        guard let attributes = try await notFoundAsNil(SNS.ErrorCode.notFound, { try await sns.getTopicAttributes(.init(TopicArn: arn)).Attributes })
        else { return nil }
        async let subscriptions = sns.allSubscriptions(topicArn: arn)
        let liveTags = SlipwayTags(live: try await sns.tags(of: arn))
        let addresses = try await subscriptions.filter { $0.Protocol == "email" }.compactMap(\.Endpoint)
        return LiveResource(fields: [
            Field(Fields.policy, document: (attributes?["Policy"]).map(PolicyDocument.canonical)),
            Field(Fields.email, list: addresses.sorted()),
            liveTags.field,
        ], ownedByApp: liveTags.isOwned(by: context.app))
    }

    func create(_ context: EngineContext) async throws {
        let sns = SNS(client: context.client)
        let created = try await sns.createTopic(.init(
            Name: name, Attributes: ["Policy": policy.jsonText], Tags: snsTags))
        let arn = created.TopicArn ?? context.arns.snsTopic(name)
        for address in email {
            _ = try await sns.subscribe(.init(TopicArn: arn, Protocol: "email", Endpoint: address))
        }
    }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let sns = SNS(client: context.client)
        let arn = context.arns.snsTopic(name)
        for change in changes {
            switch change.id {
            case Fields.policy:
                try await sns.setTopicAttributes(.init(TopicArn: arn, AttributeName: "Policy", AttributeValue: policy.jsonText))
            case Fields.email:
                try await updateSubscriptions(sns, arn: arn)
            case .tags:
                _ = try await sns.tagResource(.init(ResourceArn: arn, Tags: snsTags))
            default:
                break
            }
        }
    }

    /// Subscribes new addresses and unsubscribes removed ones. A removed address that never
    /// confirmed cannot be unsubscribed (AWS has no ARN for it yet); AWS drops it after 3 days.
    private func updateSubscriptions(_ sns: SNS, arn: String) async throws {
        let live = try await sns.allSubscriptions(topicArn: arn).filter { $0.Protocol == "email" }
        let liveAddresses = Set(live.compactMap(\.Endpoint))
        for address in email where !liveAddresses.contains(address) {
            _ = try await sns.subscribe(.init(TopicArn: arn, Protocol: "email", Endpoint: address))
        }
        for subscription in live where !email.contains(subscription.Endpoint ?? "") {
            guard let subscriptionArn = subscription.SubscriptionArn, subscriptionArn.hasPrefix("arn:") else { continue }
            try await sns.unsubscribe(.init(SubscriptionArn: subscriptionArn))
        }
    }

    func delete(_ context: EngineContext) async throws {
        // Deleting a topic deletes its subscriptions; SNS's DeleteTopic succeeds for a topic that is gone.
        try await SNS(client: context.client).deleteTopic(.init(TopicArn: context.arns.snsTopic(name)))
    }

    private var snsTags: [SNS.Tag] { tags.sortedPairs.map { SNS.Tag(Key: $0.key, Value: $0.value) } }
}
