import AWSCore
import AWSServices
import SlipwayConfig

/// Where an environment's pipeline events go, as AWS has it: the rule, each email subscription
/// (AWS mails a confirmation link first) and the webhook's connection.
public struct NotificationStatus: Sendable, Codable, Equatable {
    public struct Email: Sendable, Codable, Equatable {
        public var address: String
        /// False until the address follows the link AWS mailed it.
        public var confirmed: Bool
    }

    public struct Webhook: Sendable, Codable, Equatable {
        public var name: String
        /// The connection's `ConnectionState` (`AUTHORIZED` when usable); nil when it does not exist.
        public var connectionState: String?
        /// The API destination's `ApiDestinationState` (`ACTIVE`); nil when it does not exist.
        public var destinationState: String?
    }

    public var rule: String
    /// `ENABLED` or `DISABLED`; nil when the rule does not exist.
    public var ruleState: String?
    public var events: [String]
    public var email: [Email]
    public var webhook: Webhook?
    public var problems: [String]
    public var settling: [String]
}

extension StatusReader {
    func readNotifications(environment: String) async throws -> NotificationStatus? {
        guard let settings = file.notifications(in: environment) else { return nil }
        let names = file.names
        let events = EventBridge(client: context.client)
        let code = EventBridge.ErrorCode.resourceNotFound
        let rule = names.notifications(environment: environment)
        async let ruleRead = notFoundAsNil(code) { try await events.describeRule(.init(Name: rule)) }
        async let emailRead = readSubscriptions(topic: names.notifications(environment: environment), wanted: settings.email.map(\.value))
        var webhook: NotificationStatus.Webhook?
        if settings.webhook != nil {
            let name = names.webhook(environment: environment)
            async let connection = notFoundAsNil(code) { try await events.describeConnection(.init(Name: name)) }
            let destination = try await notFoundAsNil(code) { try await events.describeApiDestination(.init(Name: name)) }
            webhook = .init(name: name, connectionState: try await connection?.ConnectionState?.rawValue,
                            destinationState: destination?.ApiDestinationState?.rawValue)
        }
        let ruleState = try await ruleRead?.State?.rawValue
        let email = try await emailRead
        var problems: [String] = []
        var settling: [String] = []
        if ruleState == nil { problems.append("the EventBridge rule \(rule) does not exist; run 'slipway apply'") }
        else if ruleState != "ENABLED" { problems.append("the EventBridge rule \(rule) is \(ruleState ?? "?"): no notification is sent") }
        for address in email where !address.confirmed {
            settling.append("\(address.address) has not confirmed its subscription: AWS mailed it a link, valid for 3 days "
                + "(after that, 'slipway apply' subscribes it again)")
        }
        if let webhook {
            if webhook.connectionState == nil || webhook.destinationState == nil {
                problems.append("the webhook \(webhook.name) does not exist; run 'slipway apply'")
            } else if webhook.connectionState != "AUTHORIZED" {
                problems.append("the webhook's connection \(webhook.name) is \(webhook.connectionState ?? "?"), not AUTHORIZED: EventBridge does not call it")
            }
        }
        return NotificationStatus(
            rule: rule, ruleState: ruleState, events: settings.eventKinds.map(\.rawValue), email: email, webhook: webhook,
            problems: problems, settling: settling)
    }

    /// Each address the file lists, confirmed or not (an address SNS does not list is not confirmed).
    private func readSubscriptions(topic: String, wanted: [String]) async throws -> [NotificationStatus.Email] {
        guard !wanted.isEmpty else { return [] }
        let sns = SNS(client: context.client)
        let listed = try await notFoundAsNil(SNS.ErrorCode.notFound) { try await sns.allSubscriptions(topicArn: context.arns.snsTopic(topic)) } ?? []
        return wanted.map { address in
            let subscription = listed.first { $0.Protocol == "email" && $0.Endpoint?.lowercased() == address.lowercased() }
            return .init(address: address, confirmed: subscription?.SubscriptionArn?.hasPrefix("arn:") == true)
        }
    }
}
