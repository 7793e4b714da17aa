extension ConfigParser {
    static let buildKeys = ["compute", "image"]
    static let portRange = 1...65535
    static let countRange = 0...1000
    static let portAdvice = "use a port from 1 to 65535"
    static let countAdvice = "use 0 to 1000 tasks"

    /// The per-environment fields written in one mapping (a service's or an override's), and
    /// whether all of them were valid.
    mutating func parseServiceFields(
        _ map: FieldMap, for environment: Located<String>
    ) -> (fields: ServiceOverride, isValid: Bool) {
        var fields = ServiceOverride(environment: environment)
        var isValid = true
        func keep<Value>(_ value: Value?) -> Value? {
            if value == nil { isValid = false }
            return value
        }
        if let field = map["buildspec"] {
            fields.buildspec = keep(
                nonEmptyString(
                    field, expected: "a path inside the repository",
                    whatToWrite: "give the buildspec's path inside the repository (default buildspec.yml)"))
        }
        if let field = map["build"] {
            if let build = mapping(field, allowedKeys: Self.buildKeys, expected: "a mapping with compute and image") {
                if let compute = build["compute"] { fields.compute = keep(parseCompute(compute)) }
                if let image = build["image"] {
                    fields.image = keep(
                        nonEmptyString(
                            image, expected: "a CodeBuild image",
                            whatToWrite: "name a CodeBuild image (default \(BuildSettings.defaultImage))"))
                }
            } else {
                isValid = false
            }
        }
        if let field = map["cpu"] { fields.cpu = keep(parseCPU(field)) }
        if let field = map["memory"] { fields.memory = keep(integer(field, expected: "an integer (MiB)")) }
        if let ports = parsePorts(map) {
            fields.ports = keep(ports)
        } else if map["port"] != nil || map["ports"] != nil {
            isValid = false
        }
        if let field = map["count"] {
            fields.count = keep(
                ranged(field, range: Self.countRange, expected: "an integer (desired tasks)", advice: Self.countAdvice))
        }
        if let field = map["environment"] { fields.environmentVariables = keep(parseVariables(field)) }
        if let field = map["secrets"] { fields.secrets = keep(parseSecrets(field)) }
        if let field = map["logs"] { fields.logs = keep(boolean(field)) }
        if let field = map["task_role"] { fields.taskRole = keep(parseTaskRole(field)) }
        if let field = map["http"] { fields.http = keep(parseHTTP(field)) }
        if let field = map["scaling"] { fields.scaling = keep(parseScaling(field)) }
        return (fields, isValid)
    }

    private mutating func parseCompute(_ field: ConfigField) -> Located<BuildCompute>? {
        guard let text = string(field, expected: "a CodeBuild compute type") else { return nil }
        if let compute = BuildCompute(rawValue: text.value) { return Located(compute, at: text.position) }
        let names = BuildCompute.allCases.map(\.rawValue)
        let advice =
            if let suggestion = KeySuggestion.closest(to: text.value, among: names) {
                "did you mean '\(suggestion)'?"
            } else {
                "use \(EnglishList.or(names))"
            }
        report(text.position, "\(field.path) '\(text.value)' is not a CodeBuild compute type; \(advice)")
        return nil
    }

    private mutating func parseCPU(_ field: ConfigField) -> Located<Int>? {
        guard let cpu = integer(field, expected: "an integer (Fargate cpu units)") else { return nil }
        guard FargateSize.cpuValues.contains(cpu.value) else {
            report(
                cpu.position,
                "\(field.path) \(cpu.value) is not a Fargate cpu size; "
                    + "use \(EnglishList.or(FargateSize.cpuValues.map(String.init)))")
            return nil
        }
        return cpu
    }

    mutating func ranged(
        _ field: ConfigField, range: ClosedRange<Int>, expected: String, advice: String
    ) -> Located<Int>? {
        guard let value = integer(field, expected: expected) else { return nil }
        guard range.contains(value.value) else {
            report(value.position, "\(field.path) \(value.value) is out of range; \(advice)")
            return nil
        }
        return value
    }

    /// `port: N` or `ports: [N, …]`, as one list; nil when absent or wrong.
    private mutating func parsePorts(_ map: FieldMap) -> [Located<Int>]? {
        switch (map["port"], map["ports"]) {
        case (nil, nil):
            return nil
        case (let port?, let ports?):
            let later = port.keyPosition < ports.keyPosition ? ports : port
            report(
                later.keyPosition,
                "\(map.owner.path) has both port and ports; use port for one port or ports for several")
            return nil
        case (let port?, nil):
            return ranged(port, range: Self.portRange, expected: "a port number", advice: Self.portAdvice).map { [$0] }
        case (nil, let field?):
            guard let items = list(field, expected: "a list of port numbers") else { return nil }
            var ports: [Located<Int>] = []
            var isValid = true
            for item in items {
                guard let port = ranged(item, range: Self.portRange, expected: "a port number", advice: Self.portAdvice)
                else {
                    isValid = false
                    continue
                }
                if ports.contains(where: { $0.value == port.value }) {
                    report(port.position, "\(field.path) lists \(port.value) twice; list each port once")
                    isValid = false
                    continue
                }
                ports.append(port)
            }
            return isValid ? ports : nil
        }
    }

    private mutating func parseVariables(_ field: ConfigField) -> [ContainerVariable]? {
        guard let entries = entries(of: field, expected: "a mapping of variable names to values") else { return nil }
        var variables: [ContainerVariable]? = []
        for entry in entries {
            let name = checkVariableName(entry, in: field)
            // AWS takes every value as a string; a YAML number or boolean would change its text
            // (1.0, 0x10, yes), so the user is asked to quote it rather than have it converted.
            let value = string(entry, expected: "a string")
            if let name, let value {
                variables?.append(ContainerVariable(name: name, value: value))
            } else {
                variables = nil
            }
        }
        return variables
    }

    private mutating func parseSecrets(_ field: ConfigField) -> [ContainerSecret]? {
        guard let entries = entries(of: field, expected: "a mapping of variable names to secret ARNs") else {
            return nil
        }
        var secrets: [ContainerSecret]? = []
        for entry in entries {
            let name = checkVariableName(entry, in: field)
            var arn = string(entry, expected: "a secret ARN", sensitive: true)
            if let value = arn, !NamePatterns.isSecretARN(value.value) {
                report(
                    value.position,
                    "\(entry.path) is not the ARN of a Secrets Manager secret (arn:aws:secretsmanager:…:secret:…) "
                        + "or an SSM parameter (arn:aws:ssm:…:parameter/…); write the ARN, never the secret itself")
                arn = nil
            }
            if let name, let arn {
                secrets?.append(
                    ContainerSecret(name: name, valueFrom: Located(SensitiveString(arn.value), at: arn.position)))
            } else {
                secrets = nil
            }
        }
        return secrets
    }

    private mutating func checkVariableName(_ entry: ConfigField, in field: ConfigField) -> Located<String>? {
        guard NamePatterns.isVariableName(entry.key) else {
            report(
                entry.keyPosition,
                "\(field.path): '\(entry.key)' is not a valid variable name; "
                    + "use letters, digits and '_', not starting with a digit")
            return nil
        }
        return Located(entry.key, at: entry.keyPosition)
    }

    private mutating func parseTaskRole(_ field: ConfigField) -> Located<String>? {
        guard let role = string(field, expected: "an IAM role ARN") else { return nil }
        guard NamePatterns.isRoleARN(role.value) else {
            report(
                role.position,
                "\(field.path) '\(role.value)' is not an IAM role ARN; write it like arn:aws:iam::123456789012:role/NAME"
            )
            return nil
        }
        return role
    }
}
