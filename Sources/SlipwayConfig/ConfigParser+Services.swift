extension ConfigParser {
    static let serviceKeys = [
        "repo", "buildspec", "build", "cpu", "memory", "port", "ports", "count", "environment", "secrets", "logs",
        "task_role", "http", "scaling", "paths", "environments",
    ]

    /// `isLoadBalancerMissing`: the file has no `load_balancer`, which every web service needs.
    mutating func parseServices(
        _ field: ConfigField, declaredEnvironments: [Located<String>]?, isLoadBalancerMissing: Bool
    ) -> NamedEntries<ServiceDefinition> {
        guard let entries = entries(of: field, expected: "a mapping of service names to their settings") else {
            return NamedEntries(parsed: nil, declaredNames: [])
        }
        guard !entries.isEmpty else {
            report(field.position, "services is empty; declare at least one, e.g. web: {repo: NAME}")
            return NamedEntries(parsed: nil, declaredNames: [])
        }
        var parsed: [ServiceDefinition]? = []
        var declaredNames: [Located<String>] = []
        for entry in entries {
            let name = Located(entry.key, at: entry.keyPosition)
            let validName = checkKey(name, describedAs: "service name")
            if validName { declaredNames.append(name) }
            let service = parseService(
                entry, name: name, declaredEnvironments: declaredEnvironments,
                isLoadBalancerMissing: isLoadBalancerMissing)
            if let service, validName {
                parsed?.append(service)
            } else {
                parsed = nil
            }
        }
        return NamedEntries(parsed: parsed, declaredNames: declaredNames)
    }

    private mutating func parseService(
        _ field: ConfigField, name: Located<String>, declaredEnvironments: [Located<String>]?,
        isLoadBalancerMissing: Bool
    ) -> ServiceDefinition? {
        guard let map = mapping(field, allowedKeys: Self.serviceKeys, expected: "a mapping with repo and settings")
        else { return nil }
        let repo = required("repo", in: map, advice: "add the name of the service's repository under source.owner")
            .flatMap { parseRepository($0) }
        // The service's own fields are read like an override, then the defaults fill the gaps.
        let written = parseServiceFields(map, for: name)
        let settings = Self.defaultSettings(at: field.keyPosition).applying(written.fields)
        var paths: PathFilter?? = .some(nil)
        if let field = map["paths"] { paths = parsePaths(field).map(Optional.some) }
        var overrides: [ServiceOverride]? = []
        if let field = map["environments"] {
            overrides = parseOverrides(field, declaredEnvironments: declaredEnvironments)
        }
        // The cross-field checks need every field read, but not the repo: report them even without it.
        guard written.isValid, let overrides else { return nil }
        checkFargateSize(settings, written: written.fields, in: field.path)
        checkVariableSources(settings, in: field.path)
        for override in overrides {
            let resolved = settings.applying(override)
            if override.cpu != nil || override.memory != nil {
                checkFargateSize(
                    resolved, written: override, in: "\(field.path).environments.\(override.environment.value)")
            }
            checkVariableSources(resolved, in: field.path)
        }
        checkWebSettings(
            settings, overrides: overrides, in: field.path, environments: declaredEnvironments?.map(\.value) ?? [],
            isLoadBalancerMissing: isLoadBalancerMissing)
        guard let repo, let paths else { return nil }
        return ServiceDefinition(name: name, repo: repo, settings: settings, overrides: overrides, paths: paths)
    }

    private static func defaultSettings(at position: SourcePosition) -> ServiceSettings {
        ServiceSettings(
            buildspec: Located(ServiceSettings.defaultBuildspec, at: position),
            build: BuildSettings(
                compute: Located(.small, at: position), image: Located(BuildSettings.defaultImage, at: position)),
            cpu: Located(ServiceSettings.defaultCPU, at: position),
            memory: Located(ServiceSettings.defaultMemory, at: position),
            ports: [],
            count: Located(ServiceSettings.defaultCount, at: position),
            environment: [],
            secrets: [],
            logs: Located(true, at: position),
            taskRole: nil,
            http: Located(nil, at: position),
            scaling: Located(nil, at: position))
    }

    private mutating func parseRepository(_ field: ConfigField) -> Located<String>? {
        guard let repo = string(field, expected: "a GitHub repository name") else { return nil }
        guard NamePatterns.isGitHubRepository(repo.value) else {
            report(
                repo.position,
                "\(field.path) '\(repo.value)' is not a GitHub repository name; "
                    + "use letters, digits, '.', '-' and '_', at most 100 characters")
            return nil
        }
        return repo
    }

    private mutating func parseOverrides(
        _ field: ConfigField, declaredEnvironments: [Located<String>]?
    ) -> [ServiceOverride]? {
        guard let entries = entries(of: field, expected: "a mapping of environment names to the settings that differ")
        else { return nil }
        var overrides: [ServiceOverride]? = []
        for entry in entries {
            let environment = Located(entry.key, at: entry.keyPosition)
            let declared = checkDeclared(environment, in: field, declaredEnvironments: declaredEnvironments)
            guard
                let map = mapping(
                    entry, allowedKeys: ServiceOverride.allowedKeys,
                    expected: "a mapping of the settings that differ in \(entry.key)",
                    forbidden: [
                        "repo": "\(entry.path).repo cannot differ per environment, because the environments share "
                            + "one ECR repository; set repo on the service only",
                        "paths": "\(entry.path).paths cannot differ per environment, because a push starts every "
                            + "environment's pipeline from one repository; set paths on the service only",
                        "environments": "\(entry.path).environments cannot be nested; "
                            + "write the settings directly under \(entry.key)",
                    ])
            else {
                overrides = nil
                continue
            }
            let written = parseServiceFields(map, for: environment)
            if written.isValid, declared {
                overrides?.append(written.fields)
            } else {
                overrides = nil
            }
        }
        return overrides
    }

    private mutating func checkDeclared(
        _ environment: Located<String>, in field: ConfigField, declaredEnvironments: [Located<String>]?
    ) -> Bool {
        // Without a readable environments section, its own errors say what to fix.
        guard let names = declaredEnvironments?.map(\.value), !names.isEmpty else { return false }
        guard !names.contains(environment.value) else { return true }
        let advice =
            if let suggestion = KeySuggestion.closest(to: environment.value, among: names) {
                "did you mean '\(suggestion)'?"
            } else {
                "the declared environments are \(EnglishList.and(names))"
            }
        report(environment.position, "\(field.path): '\(environment.value)' is not a declared environment; \(advice)")
        return false
    }

    private mutating func checkFargateSize(_ settings: ServiceSettings, written: ServiceOverride, in path: String) {
        let cpu = settings.cpu.value
        let memory = settings.memory.value
        guard FargateSize.cpuValues.contains(cpu), !FargateSize.accepts(cpu: cpu, memory: memory) else { return }
        let position = written.memory?.position ?? written.cpu?.position ?? settings.memory.position
        report(
            position,
            "\(path): cpu \(cpu) with memory \(memory) is not a Fargate size; "
                + "with cpu \(cpu) use memory \(FargateSize.describeMemory(forCPU: cpu))")
    }

    /// A container gets each variable from one place; both would leave its value ambiguous.
    private mutating func checkVariableSources(_ settings: ServiceSettings, in path: String) {
        for secret in settings.secrets {
            guard let variable = settings.environment.first(where: { $0.name.value == secret.name.value }) else {
                continue
            }
            report(
                max(variable.name.position, secret.name.position),
                "\(path): \(secret.name.value) is set in both environment and secrets; keep it in one of them")
        }
    }
}
