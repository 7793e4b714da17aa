extension ConfigParser {
    static let healthCheckKeys = ["path", "codes", "interval", "timeout", "healthy", "unhealthy"]
    static let healthCheckIntervalRange = 5...300
    static let healthCheckTimeoutRange = 2...120
    static let healthCheckThresholdRange = 2...10
    static let healthCheckCodeRange = 200...499
    static let maximumHealthCheckPathLength = 1024

    /// A path (`health_check: /healthz`, every other setting a default) or a mapping.
    mutating func parseHealthCheck(_ field: ConfigField) -> HealthCheckSettings? {
        let defaults = HealthCheckSettings.defaults(at: field.keyPosition)
        if case .scalar(_, .string) = field.node.content {
            guard let path = parseHealthCheckPath(field) else { return nil }
            var check = defaults
            check.path = path
            return check
        }
        guard case .mapping = field.node.content else {
            reportType(
                of: field, expected: "a path such as /healthz, or a mapping with path, codes, interval and timeout",
                kind: .mapping)
            return nil
        }
        guard let map = mapping(field, allowedKeys: Self.healthCheckKeys, expected: "a mapping") else { return nil }
        var isValid = true
        func keep<Value>(_ value: Value?, else fallback: Value) -> Value {
            guard let value else {
                isValid = false
                return fallback
            }
            return value
        }
        var check = defaults
        if let field = map["path"] { check.path = keep(parseHealthCheckPath(field), else: defaults.path) }
        if let field = map["codes"] { check.codes = keep(parseHealthCheckCodes(field), else: defaults.codes) }
        if let field = map["interval"] {
            check.interval = keep(duration(field, range: Self.healthCheckIntervalRange), else: defaults.interval)
        }
        if let field = map["timeout"] {
            check.timeout = keep(duration(field, range: Self.healthCheckTimeoutRange), else: defaults.timeout)
        }
        let thresholdAdvice = "use 2 to 10 checks"
        for (key, keyPath) in [("healthy", \HealthCheckSettings.healthy), ("unhealthy", \.unhealthy)] {
            guard let field = map[key] else { continue }
            check[keyPath: keyPath] = keep(
                ranged(
                    field, range: Self.healthCheckThresholdRange, expected: "an integer (consecutive checks)",
                    advice: thresholdAdvice),
                else: defaults[keyPath: keyPath])
        }
        guard isValid else { return nil }
        return checkTimeoutBelowInterval(check, in: map) ? check : nil
    }

    /// A check that waits as long as its interval would overlap the next; the load balancer refuses it.
    private mutating func checkTimeoutBelowInterval(_ check: HealthCheckSettings, in map: FieldMap) -> Bool {
        let timeout = check.timeout.value
        let interval = check.interval.value
        guard timeout >= interval else { return true }
        let path = map.owner.path
        if map["timeout"] != nil {
            report(
                check.timeout.position,
                "\(path).timeout \(DurationText.describe(timeout)) must be shorter than the interval "
                    + "(\(DurationText.describe(interval))); use a shorter timeout or a longer interval")
        } else {
            report(
                check.interval.position,
                "\(path).interval \(DurationText.describe(interval)) must be longer than the timeout "
                    + "(\(DurationText.describe(timeout)) by default); use a longer interval or a shorter timeout")
        }
        return false
    }

    private mutating func parseHealthCheckPath(_ field: ConfigField) -> Located<String>? {
        guard let path = string(field, expected: "a path such as /healthz") else { return nil }
        let text = path.value
        if !text.hasPrefix("/") {
            report(path.position, "\(field.path) '\(text)' must start with '/', as in /\(text)")
            return nil
        }
        if text.count > Self.maximumHealthCheckPathLength {
            report(
                path.position,
                "\(field.path) is \(text.count) characters; a health check path is at most "
                    + "\(Self.maximumHealthCheckPathLength)")
            return nil
        }
        if text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            report(path.position, "\(field.path) '\(text)' has a space or a control character; write it URL-encoded")
            return nil
        }
        return path
    }

    /// `200`, `200,202` or `200-299`, each code 200 to 499: the forms a target group's matcher takes.
    private mutating func parseHealthCheckCodes(_ field: ConfigField) -> Located<String>? {
        let written: String
        switch field.node.content {
        case .scalar(let value, .integer), .scalar(let value, .string):
            written = value
        default:
            reportType(of: field, expected: "HTTP codes such as 200, 200,202 or 200-299", kind: .formatted)
            return nil
        }
        // `200, 202` reads as the list it looks like; the matcher takes it without spaces.
        let text = written.split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
            .joined(separator: ",")
        let forms = "write them like 200, 200,202 or 200-299"
        let codes: [Int]
        if let range = text.wholeMatch(of: /([0-9]{3})-([0-9]{3})/), let low = Int(range.output.1),
            let high = Int(range.output.2)
        {
            guard low < high else {
                report(field.position, "\(field.path) '\(written)' is a range that does not go up; \(forms)")
                return nil
            }
            codes = [low, high]
        } else if text.wholeMatch(of: /[0-9]{3}(,[0-9]{3})*/) != nil {
            codes = text.split(separator: ",").compactMap { Int($0) }
        } else {
            report(field.position, "\(field.path) '\(written)' is not a list of HTTP codes; \(forms)")
            return nil
        }
        guard codes.allSatisfy(Self.healthCheckCodeRange.contains) else {
            report(
                field.position,
                "\(field.path) '\(written)' has a code outside 200-499; a load balancer's health check takes codes "
                    + "from 200 to 499")
            return nil
        }
        return Located(text, at: field.position)
    }
}
