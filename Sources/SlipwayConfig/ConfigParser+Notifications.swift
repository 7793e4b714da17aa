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
        var addresses: [Located<String>]? = []
        for item in items {
            guard let address = string(item, expected: "an email address") else {
                addresses = nil
                continue
            }
            if !NamePatterns.isEmailAddress(address.value) {
                report(address.position, "\(item.path) '\(address.value)' is not an email address; write it like ops@example.org")
                addresses = nil
            } else if addresses?.contains(where: { $0.value.lowercased() == address.value.lowercased() }) == true {
                report(address.position, "\(item.path) '\(address.value)' is listed twice; keep one")
                addresses = nil
            } else {
                addresses?.append(address)
            }
        }
        return addresses
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
        var events: [Located<NotificationEvent>]? = []
        for item in items {
            guard let text = string(item, expected: "an event name") else {
                events = nil
                continue
            }
            guard let event = NotificationEvent(rawValue: text.value) else {
                let advice = KeySuggestion.closest(to: text.value, among: names).map { "did you mean '\($0)'?" }
                    ?? "use \(EnglishList.or(names))"
                report(text.position, "\(item.path) '\(text.value)' is not a notification event; \(advice)")
                events = nil
                continue
            }
            if events?.contains(where: { $0.value == event }) == true {
                report(text.position, "\(item.path) '\(text.value)' is listed twice; keep one")
                events = nil
            } else {
                events?.append(Located(event, at: text.position))
            }
        }
        return events
    }
}
