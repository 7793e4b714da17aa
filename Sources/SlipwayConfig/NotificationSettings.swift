/// Where an environment's pipeline events go: email (SNS) and a chat webhook (an EventBridge API destination).
public struct NotificationSettings: Sendable, Equatable {
    /// SNS email subscriptions; AWS mails each address a confirmation first.
    public var email: [Located<String>]
    /// A chat incoming webhook's URL: a secret, never printed.
    public var webhook: Located<SensitiveString>?
    public var events: [Located<NotificationEvent>]

    public init(email: [Located<String>], webhook: Located<SensitiveString>?, events: [Located<NotificationEvent>]) {
        self.email = email
        self.webhook = webhook
        self.events = events
    }

    /// The events without their positions, in a stable order.
    public var eventKinds: [NotificationEvent] {
        NotificationEvent.allCases.filter { kind in events.contains { $0.value == kind } }
    }
}

/// A pipeline event people hear about.
public enum NotificationEvent: String, Sendable, Equatable, CaseIterable {
    /// A run failed (in any stage).
    case failed
    /// A run waits for a manual approval.
    case approval
    /// A run deployed.
    case succeeded

    public static let defaults: [NotificationEvent] = [.failed, .approval]
}
