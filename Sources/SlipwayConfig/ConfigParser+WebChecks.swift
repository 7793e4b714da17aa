extension ConfigParser {
    /// The checks of one service's `http` and `scaling` that need all of an environment's settings:
    /// the load balancer they need, the port that takes the traffic, and `requests` needing `http`.
    mutating func checkWebSettings(
        _ settings: ServiceSettings, overrides: [ServiceOverride], in path: String, environments: [String],
        isLoadBalancerMissing: Bool
    ) {
        var problems = EnvironmentProblems()
        for environment in environments {
            let override = overrides.first { $0.environment.value == environment }
            let resolved = override.map { settings.applying($0) } ?? settings
            let overridePath = "\(path).environments.\(environment)"
            let httpFromOverride = override?.http != nil
            let scalingFromOverride = override?.scaling != nil
            let httpPath = httpFromOverride ? "\(overridePath).http" : "\(path).http"
            let scalingPath = scalingFromOverride ? "\(overridePath).scaling" : "\(path).scaling"

            if let http = resolved.http.value {
                if isLoadBalancerMissing {
                    problems.add(
                        .init(
                            position: resolved.http.position, subject: "\(httpPath) needs a load balancer",
                            advice: "add load_balancer: at the top level, with subnets in at least two availability "
                                + "zones",
                            namesEnvironment: httpFromOverride),
                        in: environment)
                }
                if let problem = portProblem(http, ports: resolved.ports, at: resolved.http.position, path: httpPath) {
                    var problem = problem
                    problem.namesEnvironment = httpFromOverride
                    problems.add(problem, in: environment)
                }
            } else if let requests = resolved.scaling.value?.requests {
                // http turned off by this environment, under a scaling it does not override, is the
                // surprising case: say which line turns it off.
                let problem: EnvironmentProblems.Problem =
                    httpFromOverride && !scalingFromOverride
                    ? .init(
                        position: requests.position,
                        subject: "\(scalingPath).requests needs http, which \(overridePath).http turns off",
                        advice: "give \(environment) a scaling of its own on cpu, or keep http on there",
                        namesEnvironment: true)
                    : .init(
                        position: requests.position, subject: "\(scalingPath).requests needs http",
                        advice: "scale on cpu instead, or make the service a web service with http",
                        namesEnvironment: scalingFromOverride)
                problems.add(problem, in: environment)
            }
        }
        report(problems, amongEnvironments: environments)
    }

    /// The load balancer sends traffic to one container port, which must be one the container has.
    private func portProblem(
        _ http: HTTPSettings, ports: [Located<Int>], at position: SourcePosition, path: String
    ) -> EnvironmentProblems.Problem? {
        let numbers = ports.map(\.value)
        guard let port = http.port else {
            guard numbers.isEmpty else { return nil }
            return .init(
                position: position, subject: "\(path) has no container port to send traffic to",
                advice: "add port: N to the service, or port: N under http")
        }
        guard !numbers.isEmpty, !numbers.contains(port.value) else { return nil }
        let listed = EnglishList.and(numbers.map(String.init))
        return .init(
            position: port.position,
            subject: "\(path).port \(port.value) is not one of the service's container ports (\(listed))",
            advice: "use one of them, or add \(port.value) to the service's ports")
    }
}
