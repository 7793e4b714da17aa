extension ConfigParser {
    static let environmentKeys = ["branch", "approval", "domain", "trigger", "tags", "queue", "notifications"]

    mutating func parseEnvironments(_ field: ConfigField) -> NamedEntries<DeploymentEnvironment> {
        guard let entries = entries(of: field, expected: "a mapping of environment names to their settings") else {
            return NamedEntries(parsed: nil, declaredNames: [])
        }
        guard !entries.isEmpty else {
            report(field.position, "environments is empty; declare at least one, e.g. production: {branch: main}")
            return NamedEntries(parsed: nil, declaredNames: [])
        }
        var parsed: [DeploymentEnvironment]? = []
        var declaredNames: [Located<String>] = []
        for entry in entries {
            let name = Located(entry.key, at: entry.keyPosition)
            let validName = checkKey(name, describedAs: "environment name")
            if validName { declaredNames.append(name) }
            let environment = parseEnvironment(entry, name: name)
            if let environment, validName {
                parsed?.append(environment)
            } else {
                parsed = nil
            }
        }
        return NamedEntries(parsed: parsed, declaredNames: declaredNames)
    }

    private mutating func parseEnvironment(_ field: ConfigField, name: Located<String>) -> DeploymentEnvironment? {
        guard
            let map = mapping(
                field, allowedKeys: Self.environmentKeys, expected: "a mapping with branch (and optionally approval, domain, trigger, queue and notifications)")
        else { return nil }
        let branch = required("branch", in: map, advice: "add the Git branch that deploys to \(name.value)")
            .flatMap {
                nonEmptyString(
                    $0, expected: "a Git branch name", whatToWrite: "name the Git branch that deploys to \(name.value)")
            }
        var approval: Located<Bool>? = Located(false, at: field.keyPosition)
        if let field = map["approval"] { approval = boolean(field) }
        var domain: Located<String>?
        if let field = map["domain"] {
            domain = parseDomain(field)
            guard domain != nil else { return nil }
        }
        let trigger = parseTrigger(map, environment: name)
        var queue: Located<Bool>? = Located(false, at: field.keyPosition)
        if let field = map["queue"] { queue = boolean(field) }
        var notifications: EnvironmentNotifications? = .inherited
        if let field = map["notifications"] { notifications = parseNotifications(field, allowsOff: true) }
        guard let branch, let approval, let trigger, let queue, let notifications else { return nil }
        return DeploymentEnvironment(
            name: name, branch: branch, approval: approval, domain: domain, trigger: trigger, queue: queue,
            notifications: notifications)
    }

    /// A DNS name whose Route 53 hosted zone holds the services' records and the certificate's validation.
    private mutating func parseDomain(_ field: ConfigField) -> Located<String>? {
        guard let domain = nonEmptyString(field, expected: "a DNS name", whatToWrite: "write a domain such as example.org")
        else { return nil }
        if let problem = DomainName.problem(with: domain.value) {
            report(domain.position, "\(field.path) '\(domain.value)' \(problem)")
            return nil
        }
        return domain
    }
}
