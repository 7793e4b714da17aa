import AWSCore
import SlipwayConfig

/// Each environment's notifications: an EventBridge rule on its pipelines' events, to an SNS topic
/// (email) and a webhook (an API destination, called with the `{app}-{env}-notify` role). In a file
/// that mentions notifications, whatever it does not ask for is *retired*: the plan deletes what an
/// earlier file made. A file that never mentions them reads none of them.
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
            targets.append(.init(id: "email", destination: .topic(arn: arns.snsTopic(topic)), role: nil, template: line))
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

    /// One readable line from the event's fields (`NotificationRuleResource.inputPaths`), all of
    /// which every action event has; the why is in `slipway status`, which the line names.
    static func messageLine(app: String, environment: String) -> String {
        "Slipway \(app): <pipeline> <stage> <state> (action <action>, execution <execution>); details: slipway status --env \(environment)"
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

    /// Each event is an action's: unlike a pipeline's, it names the stage and the action, so every
    /// message says where. A failed run is its failed action; a deployed one, its Deploy (Invoke)
    /// action succeeding; an approval, the Manual approval action starting.
    static func eventPattern(pipelines: JSONValue, events: [NotificationEvent]) -> String {
        func action(_ state: String, category: String?) -> JSONValue {
            var detail: [String: JSONValue] = ["pipeline": pipelines, "state": .array([.string(state)])]
            if let category { detail["type"] = .object(["category": .array([.string(category)])]) }
            return .object(["detail-type": .array([.string("CodePipeline Action Execution State Change")]), "detail": .object(detail)])
        }
        let alternatives: [JSONValue] = events.map { event in
            switch event {
            case .failed: action("FAILED", category: nil)
            case .approval: action("STARTED", category: "Approval")
            case .succeeded: action("SUCCEEDED", category: "Invoke")
            }
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
