import AWSCore
import SlipwayConfig

/// Each environment's notifications: an EventBridge rule on its pipelines' events, to an SNS topic
/// (email) and a webhook (an API destination, called with the `{app}-{env}-notify` role). Whatever
/// the file does not ask for is *retired*: the plan deletes what an earlier file made.
extension DesiredState {
    func notificationResources(environment: String) -> [any ManagedResource] {
        let settings = file.notifications(in: environment)
        let rule = names.notifications(environment: environment)
        let topic = names.notifications(environment: environment)
        let webhook = names.webhook(environment: environment)
        let role = names.notifyRole(environment: environment)
        let tags = SlipwayTags([ResourceNames.appTag: app, ResourceNames.environmentTag: environment, ResourceNames.serviceTag: "all"])
        let line = Self.messageLine(app: app, environment: environment)

        let topicResource = NotificationTopicResource(
            name: topic, policy: NotificationTopicResource.policy(topic: topic, rule: rule, arns: arns),
            email: settings?.email.map(\.value) ?? [], tags: tags)
        let roleResource = RoleResource(
            name: role, trust: .trust(service: "events.amazonaws.com"),
            policy: PolicyDocument([.init(sid: "CallWebhook", actions: ["events:InvokeApiDestination"], resources: [arns.apiDestination(webhook)])]),
            tags: tags, description: "Slipway \(app): calls the notification webhook of \(environment)")
        let webhookResource = WebhookResource(name: webhook, url: settings?.webhook?.value.revealed ?? "", app: app, environment: environment)

        var targets: [NotificationRuleResource.Target] = []
        var dependencies: [ResourceAddress] = []
        let hasEmail = !(settings?.email.isEmpty ?? true)
        let hasWebhook = settings?.webhook != nil
        if hasEmail {
            targets.append(.init(id: "email", destination: .topic(arn: arns.snsTopic(topic)), role: nil, template: "\"\(line)\""))
            dependencies.append(topicResource.address)
        }
        if hasWebhook {
            targets.append(.init(id: "webhook", destination: .apiDestination(name: webhook), role: arns.role(role), template: "{\"text\": \"\(line)\"}"))
            dependencies += [webhookResource.address, roleResource.address]
        }
        let ruleResource = NotificationRuleResource(
            name: rule, pattern: eventPattern(environment: environment, events: settings?.eventKinds ?? []),
            targets: targets, tags: tags, dependencies: dependencies)
        return [
            settings == nil ? ruleResource.retired : ruleResource,
            hasEmail ? topicResource : topicResource.retired,
            hasWebhook ? webhookResource : webhookResource.retired,
            hasWebhook ? roleResource : roleResource.retired,
        ]
    }

    /// One readable line from the event's fields (`NotificationRuleResource.inputPaths`).
    static func messageLine(app: String, environment: String) -> String {
        "Slipway \(app) \(environment): <pipeline> <stage> <action> <state> <summary> (execution <execution>)"
    }

    /// CodePipeline's events of the environment's own pipelines, by name (EventBridge allows 4,096
    /// characters of pattern; past that, by the names' common start).
    func eventPattern(environment: String, events: [NotificationEvent]) -> String {
        let pipelines = file.services(in: environment).map(\.names.pipeline)
        var byName = Self.eventPattern(pipelines: .array(pipelines.map(JSONValue.string)), events: events)
        if byName.count > Self.maximumPatternLength {
            byName = Self.eventPattern(pipelines: .array([.object(["prefix": .string("\(app)-\(environment)-")])]), events: events)
        }
        return byName
    }

    static let maximumPatternLength = 4096

    static func eventPattern(pipelines: JSONValue, events: [NotificationEvent]) -> String {
        let executionStates = events.compactMap { event -> JSONValue? in
            switch event {
            case .failed: .string("FAILED")
            case .succeeded: .string("SUCCEEDED")
            case .approval: nil
            }
        }
        var alternatives: [JSONValue] = []
        if !executionStates.isEmpty {
            alternatives.append(.object([
                "detail-type": .array([.string("CodePipeline Pipeline Execution State Change")]),
                "detail": .object(["pipeline": pipelines, "state": .array(executionStates)]),
            ]))
        }
        if events.contains(.approval) {
            alternatives.append(.object([
                "detail-type": .array([.string("CodePipeline Action Execution State Change")]),
                "detail": .object([
                    "pipeline": pipelines, "state": .array([.string("STARTED")]),
                    "type": .object(["category": .array([.string("Approval")])]),
                ]),
            ]))
        }
        var pattern: [String: JSONValue] = ["source": .array([.string("aws.codepipeline")])]
        if alternatives.count == 1, case .object(let only) = alternatives[0] {
            pattern.merge(only) { $1 }
        } else {
            pattern["$or"] = .array(alternatives)
        }
        return JSONValue.object(pattern).jsonText()
    }
}
