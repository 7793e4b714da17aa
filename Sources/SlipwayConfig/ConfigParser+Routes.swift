extension ConfigParser {
    /// The checks across services of one environment's load balancer: each web service needs a rule
    /// of its own, a host that is a DNS label, and names that ELB accepts.
    mutating func checkRoutes(
        app: Located<String>, environments: [DeploymentEnvironment], services: [ServiceDefinition]
    ) {
        let names = ResourceNames(app: app.value)
        var problems = EnvironmentProblems()
        for environment in environments {
            let key = environment.name.value
            var routes: [(service: String, host: String, path: String)] = []
            for service in services {
                let name = service.name.value
                let settings = service.settings(in: key)
                guard let http = settings.http.value else { continue }
                let fromOverride = service.overrides.contains { $0.environment.value == key && $0.http != nil }
                let httpPath = fromOverride ? "services.\(name).environments.\(key).http" : "services.\(name).http"
                let host = http.host?.value ?? name
                let path = http.path.value
                if let domain = environment.domain?.value {
                    if http.host == nil, !DomainName.isLabel(name) {
                        problems.add(
                            .init(
                                position: settings.http.position,
                                subject: "\(httpPath): its host defaults to the service's name, '\(name)', which is "
                                    + "not a DNS label",
                                advice: "set host: to a label of \(DomainName.labelRule)", namesEnvironment: fromOverride),
                            in: key)
                    }
                    if let taken = routes.first(where: { $0.host == host && $0.path == path }) {
                        let address = path == "/" ? "\(host).\(domain)" : "\(host).\(domain)\(path)"
                        problems.add(
                            .init(
                                position: http.host?.position ?? http.path.position,
                                subject: "\(httpPath): \(address) is already taken by service '\(taken.service)'",
                                advice: "give one of them another host or path", namesEnvironment: fromOverride),
                            in: key)
                    }
                } else if let taken = routes.first(where: { $0.path == path }) {
                    let advice =
                        path == "/"
                        ? "without a domain, requests are routed by path alone, so at most one service can take /: "
                            + "give the others another path, such as /\(name), or give the environment a domain"
                        : "without a domain, requests are routed by path alone: give one of them another path, "
                            + "or give the environment a domain"
                    problems.add(
                        .init(
                            position: http.path.position,
                            subject: "\(httpPath): path \(path) is already taken by service '\(taken.service)'",
                            advice: advice, namesEnvironment: fromOverride),
                        in: key)
                }
                routes.append((name, host, path))
                checkTargetGroupName(names.service(name, in: key), service: service.name)
            }
            if !routes.isEmpty { checkLoadBalancerNames(names, app: app, environment: environment.name) }
        }
        report(problems, amongEnvironments: environments.map(\.name.value))
    }

    private mutating func checkTargetGroupName(_ names: ResourceNames.Service, service: Located<String>) {
        for name in names.limitedWebNames {
            guard let problem = name.problem else { continue }
            report(
                service.position,
                "service '\(names.service)' in environment '\(names.environment)': \(problem); "
                    + "change the app, environment or service key")
        }
    }

    private mutating func checkLoadBalancerNames(
        _ names: ResourceNames, app: Located<String>, environment: Located<String>
    ) {
        guard let name = names.limitedWebNames(environment: environment.value).first(where: { $0.problem != nil }),
            let problem = name.problem
        else { return }
        // A reserved prefix comes from the app's key; any other problem from the environment's.
        if name.hasReservedPrefix {
            report(app.position, "\(problem); change app")
        } else {
            report(
                environment.position, "environment '\(environment.value)': \(problem); change the app or environment key")
        }
    }
}
