extension ConfigParser {
    static let topLevelKeys = [
        "app", "region", "account", "source", "cluster", "load_balancer", "environments", "services", "notifications",
    ]
    static let maximumAppLength = 20

    mutating func parseFile(_ root: ConfigNode, fileName: String) -> SlipwayFile? {
        let rootField = ConfigField(path: "", keyPosition: root.position, node: root)
        guard
            let map = mapping(
                rootField, allowedKeys: Self.topLevelKeys,
                expected: "a mapping with the keys app, source, cluster, environments and services")
        else { return nil }

        let app = required(
            "app", in: map, advice: "add app: NAME (lowercase letters, digits and '-', at most 20 characters)"
        )
        .flatMap { parseApp($0) }
        let region = map["region"].flatMap { parseRegion($0) }
        let account = map["account"].flatMap { parseAccount($0) }
        let source = required("source", in: map, advice: "add source: with owner and connection (or oauth_token)")
            .flatMap { parseSource($0) }
        let cluster = required("cluster", in: map, advice: "add cluster: with name and subnets")
            .flatMap { parseCluster($0) }
        let environmentsField = required(
            "environments", in: map, advice: "declare at least one environment, e.g. production: {branch: main}")
        let environments = environmentsField.flatMap { parseEnvironments($0) }
        let loadBalancerField = map["load_balancer"]
        let loadBalancer = loadBalancerField.flatMap { parseLoadBalancer($0) }
        let services = required("services", in: map, advice: "declare at least one service, e.g. web: {repo: NAME}")
            .flatMap {
                parseServices(
                    $0, declaredEnvironments: environments?.declaredNames,
                    isLoadBalancerMissing: loadBalancerField == nil)
            }

        var notifications: NotificationSettings?? = .some(nil)
        if let field = map["notifications"] {
            notifications = parseNotifications(field, allowsOff: false).map { parsed in
                if case .own(let settings) = parsed { settings } else { nil }
            }
        }
        if case .oauthToken = source?.credential, let environments = environments?.parsed, let services = services?.parsed {
            checkVersion1Source(environments: environments, services: services)
        }
        if let app, let environments = environments?.parsed, let notifications {
            checkNotificationNames(app: app, environments: environments, fileNotifications: notifications)
        }
        if let app, let environments, let services {
            checkDerivedNames(app: app, environments: environments.declaredNames, services: services.declaredNames)
        }
        if let app, let environments = environments?.parsed, let services = services?.parsed {
            checkRoutes(app: app, environments: environments, services: services)
        }
        if let app, let account, let region,
            let problem = ResourceNames(app: app.value)
                .artifactBucketProblem(account: account.value, region: region.value)
        {
            report(app.position, "\(problem); shorten app")
        }

        guard let app, let source, let cluster, let environments = environments?.parsed,
            let services = services?.parsed, loadBalancerField == nil || loadBalancer != nil, let notifications
        else { return nil }
        return SlipwayFile(
            fileName: fileName, app: app, region: region, account: account, source: source, cluster: cluster,
            loadBalancer: loadBalancer, environments: environments, services: services, notifications: notifications)
    }

    private mutating func parseApp(_ field: ConfigField) -> Located<String>? {
        guard let app = string(field, expected: "a name (lowercase letters, digits and '-')") else { return nil }
        guard checkKey(app, describedAs: "app") else { return nil }
        guard app.value.count <= Self.maximumAppLength else {
            report(
                app.position,
                "app '\(app.value)' is \(app.value.count) characters; at most \(Self.maximumAppLength) are allowed, "
                    + "because every resource name starts with it")
            return nil
        }
        return app
    }

    /// Whether an app, environment or service key has the shape every derived AWS name needs.
    mutating func checkKey(_ key: Located<String>, describedAs kind: String) -> Bool {
        guard !NamePatterns.isKey(key.value) else { return true }
        var message =
            "\(kind) '\(key.value)' must start with a lowercase letter and use only lowercase letters, digits and '-'"
        if let suggestion = NamePatterns.suggestedKey(for: key.value) {
            message += ", e.g. '\(suggestion)'"
        }
        report(key.position, message)
        return false
    }

    private mutating func parseRegion(_ field: ConfigField) -> Located<String>? {
        guard let region = string(field, expected: "an AWS region code such as us-east-1") else { return nil }
        guard NamePatterns.isRegion(region.value) else {
            report(region.position, "region '\(region.value)' is not an AWS region code; write it like us-east-1")
            return nil
        }
        return region
    }

    /// An account ID in quotes, or an unquoted number written with exactly 12 digits: its text is
    /// kept as written, so leading zeros survive even though YAML would read it as a number.
    private mutating func parseAccount(_ field: ConfigField) -> Located<String>? {
        let advice = "write the 12-digit AWS account ID in quotes, e.g. \"123456789012\""
        switch field.node.content {
        case .scalar(let text, .integer), .scalar(let text, .float):
            guard NamePatterns.isAccountID(text) else {
                report(field.position, "account \(text) is not a 12-digit AWS account ID; \(advice)")
                return nil
            }
            return Located(text, at: field.position)
        default:
            guard let account = string(field, expected: "a 12-digit AWS account ID in quotes") else { return nil }
            guard NamePatterns.isAccountID(account.value) else {
                report(account.position, "account '\(account.value)' is not a 12-digit AWS account ID; \(advice)")
                return nil
            }
            return account
        }
    }

    private mutating func checkNotificationNames(
        app: Located<String>, environments: [DeploymentEnvironment], fileNotifications: NotificationSettings?
    ) {
        let names = ResourceNames(app: app.value)
        for environment in environments {
            switch environment.notifications {
            case .off: continue
            case .inherited where fileNotifications == nil: continue
            default: break
            }
            for name in names.limitedNotificationNames(environment: environment.name.value) {
                guard let problem = name.problem else { continue }
                report(environment.name.position, "environment '\(environment.name.value)': \(problem); shorten the app or environment key")
            }
        }
    }

    /// Every name derived from the keys must fit AWS's limits; the fix is always a shorter key.
    private mutating func checkDerivedNames(
        app: Located<String>, environments: [Located<String>], services: [Located<String>]
    ) {
        let names = ResourceNames(app: app.value)
        for name in names.limitedAppNames {
            if let problem = name.problem { report(app.position, "\(problem); shorten app") }
        }
        for service in services {
            for environment in environments {
                let serviceNames = names.service(service.value, in: environment.value)
                guard let name = serviceNames.limitedNames.first(where: { $0.problem != nil }),
                    let problem = name.problem
                else { continue }
                let excess = name.value.count - name.length.upperBound
                let advice =
                    excess > 0
                    ? "shorten the app, environment or service key by \(excess) characters"
                    : "change the app, environment or service key"
                report(
                    service.position,
                    "service '\(service.value)' in environment '\(environment.value)': \(problem); \(advice)")
            }
        }
    }
}
