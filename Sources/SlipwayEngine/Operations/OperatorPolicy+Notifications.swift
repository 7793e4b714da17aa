import SlipwayConfig

/// What the operator needs for notifications: only when the file mentions them. Each kind of
/// resource is named per environment (its rule, topic, webhook and role).
extension OperatorPolicy {
    static func notificationStatements(for desired: DesiredState, compact: Bool) -> [PolicyDocument.Statement] {
        let file = desired.file
        guard file.mentionsNotifications else { return [] }
        let arns = desired.arns
        let names = desired.names
        let environments = file.environments.map(\.name.value)
        func named(_ exact: [String], _ pattern: String) -> [String] { compact ? [pattern] : exact }
        let stem = names.patterns.stem
        let rules = named(environments.map { arns.eventRule(names.notifications(environment: $0)) }, arns.eventRule(stem))
        let topics = named(environments.map { arns.snsTopic(names.notifications(environment: $0)) }, arns.snsTopic(stem))
        let webhooks = compact ? [stem] : environments.map { names.webhook(environment: $0) }
        let roles = named(environments.map { arns.role(names.notifyRole(environment: $0)) }, arns.role("\(desired.app)-*-notify"))
        // A connection's or API destination's ARN ends in an ID EventBridge picks; before it
        // exists (CreateConnection), IAM sees the ARN without it.
        let connections = webhooks.flatMap { [arns.eventConnection($0), String(arns.eventConnection($0).dropLast(2))] }
        let destinations = webhooks.flatMap { [arns.apiDestination($0), String(arns.apiDestination($0).dropLast(2))] }
        return [
            .init(sid: "NotifyRoles", actions: [
                "iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePolicy", "iam:GetRole", "iam:GetRolePolicy",
                "iam:ListRolePolicies", "iam:PutRolePolicy", "iam:TagRole", "iam:UpdateAssumeRolePolicy",
            ], resources: roles),
            passRole("PassNotifyRoles", roles, to: "events.amazonaws.com"),
            .init(sid: "NotificationRules", actions: [
                "events:DeleteRule", "events:DescribeRule", "events:ListTagsForResource", "events:ListTargetsByRule",
                "events:PutRule", "events:PutTargets", "events:RemoveTargets", "events:TagResource",
            ], resources: rules),
            .init(sid: "NotificationTopics", actions: [
                "sns:CreateTopic", "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic",
                "sns:ListTagsForResource", "sns:SetTopicAttributes", "sns:Subscribe", "sns:TagResource",
            ], resources: topics),
            // Unsubscribe names a subscription, which IAM authorizes on no resource.
            .init(sid: "RemoveSubscriptions", actions: ["sns:Unsubscribe"], resources: ["*"]),
            .init(sid: "Webhooks", actions: [
                "events:CreateApiDestination", "events:CreateConnection", "events:DeleteApiDestination", "events:DeleteConnection",
                "events:DescribeApiDestination", "events:DescribeConnection", "events:UpdateApiDestination", "events:UpdateConnection",
            ], resources: connections + destinations),
            // EventBridge keeps a connection's credentials in a Secrets Manager secret it makes in
            // the caller's name (`events!connection/{name}-…`).
            .init(sid: "WebhookSecrets", actions: [
                "secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret",
                "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret",
            ], resources: webhooks.map { "arn:\(arns.partition):secretsmanager:\(arns.region):\(desired.account):secret:events!connection/\($0)-*" }),
        ]
    }
}
