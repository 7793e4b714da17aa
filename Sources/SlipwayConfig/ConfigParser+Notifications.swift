extension ConfigParser {
    static let notificationKeys = ["email", "webhook", "events"]
    /// EventBridge's limit on an API destination's endpoint (HttpsEndpoint).
    static let maximumWebhookLength = 2048

    /// `notifications`: a mapping, or (in an environment) `false` for none there.
    mutating func parseNotifications(_ field: ConfigField, allowsOff: Bool) -> EnvironmentNotifications? {
        if allowsOff, case .scalar(_, .boolean(false)) = field.node.content { return .off }
        let expected = "a mapping with email, webhook and events" + (allowsOff ? " (or false for none)" : "")
        guard let map = mapping(field, allowedKeys: Self.notificationKeys, expected: expected) else { return nil }
        guard map["email"] != nil || map["webhook"] != nil else {
            report(field.keyPosition, "\(field.path) has neither email nor webhook; add a list of addresses or a webhook URL")
            return nil
        }
        var email: [Located<String>]? = []
        if let field = map["email"] { email = parseEmailAddresses(field) }
        var webhook: Located<SensitiveString>?? = .some(nil)
        if let field = map["webhook"] { webhook = parseWebhook(field).map(Optional.some) }
        var events: [Located<NotificationEvent>]? = NotificationEvent.defaults.map { Located($0, at: field.keyPosition) }
        if let field = map["events"] { events = parseNotificationEvents(field) }
        guard let email, let webhook, let events else { return nil }
        return .own(NotificationSettings(email: email, webhook: webhook, events: events))
    }

    private mutating func parseEmailAddresses(_ field: ConfigField) -> [Located<String>]? {
        guard let items = list(field, expected: "a list of email addresses") else { return nil }
        guard !items.isEmpty else {
            report(field.position, "\(field.path) is empty; list at least one address, or remove email")
            return nil
        }
        return strings(items, expected: "an email address") { address, kept in
            if !NamePatterns.isEmailAddress(address) { return "is not an email address; write it like ops@example.org" }
            return kept.contains { $0.value.lowercased() == address.lowercased() } ? "is listed twice; keep one" : nil
        }
    }

    /// A webhook URL is a secret: no message ever shows it, even a wrong one.
    private mutating func parseWebhook(_ field: ConfigField) -> Located<SensitiveString>? {
        guard let url = string(field, expected: "an https:// URL", sensitive: true) else { return nil }
        let advice = "set it to a chat incoming webhook's URL, e.g. ${env:SLACK_WEBHOOK_URL}"
        guard url.value.hasPrefix("https://"), url.value.count > "https://".count else {
            report(url.position, "\(field.path) is not an https:// URL; EventBridge calls only HTTPS endpoints; \(advice)")
            return nil
        }
        guard url.value.count <= Self.maximumWebhookLength, NamePatterns.isHTTPSEndpoint(url.value) else {
            report(
                url.position,
                "\(field.path) is not a URL EventBridge accepts (at most \(Self.maximumWebhookLength) characters, "
                    + "no spaces, quotes, '#', '{' or '}'); \(advice)")
            return nil
        }
        return Located(SensitiveString(url.value), at: url.position)
    }

    private mutating func parseNotificationEvents(_ field: ConfigField) -> [Located<NotificationEvent>]? {
        let names = NotificationEvent.allCases.map(\.rawValue)
        guard let items = list(field, expected: "a list of \(EnglishList.and(names))") else { return nil }
        guard !items.isEmpty else {
            report(field.position, "\(field.path) is empty; list \(EnglishList.or(names)), or remove events for failed and approval")
            return nil
        }
        let written = strings(items, expected: "an event name") { text, kept in
            guard NotificationEvent(rawValue: text) != nil else {
                let advice = KeySuggestion.closest(to: text, among: names).map { "did you mean '\($0)'?" } ?? "use \(EnglishList.or(names))"
                return "is not a notification event; \(advice)"
            }
            return kept.contains { $0.value == text } ? "is listed twice; keep one" : nil
        }
        return written?.compactMap { text in NotificationEvent(rawValue: text.value).map { Located($0, at: text.position) } }
    }
}
