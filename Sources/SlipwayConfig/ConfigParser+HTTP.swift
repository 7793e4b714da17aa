extension ConfigParser {
    static let httpKeys = ["host", "path", "port", "health_check", "grace_period", "deregistration_delay"]
    /// A rule matches `{path}` and `{path}/*`, and a load balancer takes path patterns of at most 128 characters.
    static let maximumRoutePathLength = 126
    static let gracePeriodRange = 0...2_147_483_647
    static let deregistrationDelayRange = 0...3600
    static let routePathCharacters = "letters, digits and _ - . $ / ~ \" ' @ : +"

    /// `http: true` (every default), `http: false` (not a web service) or a mapping. The result is
    /// located at the `http` key, where errors about the service as a whole point.
    mutating func parseHTTP(_ field: ConfigField) -> Located<HTTPSettings?>? {
        switch field.node.content {
        case .scalar(_, .boolean(true)):
            return Located(.defaults(at: field.position), at: field.keyPosition)
        case .scalar(_, .boolean(false)):
            return Located(nil, at: field.keyPosition)
        case .mapping:
            break
        default:
            reportType(
                of: field, expected: "true, false or a mapping with host, path, port and health_check", kind: .boolean)
            return nil
        }
        guard let map = mapping(field, allowedKeys: Self.httpKeys, expected: "a mapping") else { return nil }
        let defaults = HTTPSettings.defaults(at: field.keyPosition)
        var isValid = true
        func keep<Value>(_ value: Value?) -> Value? {
            if value == nil { isValid = false }
            return value
        }
        var http = defaults
        if let field = map["host"] { http.host = keep(parseHost(field)) }
        if let field = map["path"] { http.path = keep(parseRoutePath(field)) ?? defaults.path }
        if let field = map["port"] {
            http.port = keep(
                ranged(field, range: Self.portRange, expected: "a port number", advice: Self.portAdvice))
        }
        if let field = map["health_check"] {
            http.healthCheck = keep(parseHealthCheck(field)) ?? defaults.healthCheck
        }
        if let field = map["grace_period"] {
            http.gracePeriod = keep(duration(field, range: Self.gracePeriodRange)) ?? defaults.gracePeriod
        }
        if let field = map["deregistration_delay"] {
            http.deregistrationDelay =
                keep(duration(field, range: Self.deregistrationDelayRange)) ?? defaults.deregistrationDelay
        }
        return isValid ? Located(http, at: field.keyPosition) : nil
    }

    /// One DNS label; the environment's domain follows it.
    private mutating func parseHost(_ field: ConfigField) -> Located<String>? {
        guard let host = string(field, expected: "a DNS label such as auth") else { return nil }
        guard !DomainName.isLabel(host.value) else { return host }
        let advice =
            host.value.contains(".")
            ? "write one label, such as auth: the environment's domain is added after it"
            : "use \(DomainName.labelRule)"
        report(host.position, "\(field.path) '\(host.value)' is not a DNS label; \(advice)")
        return nil
    }

    /// A path prefix: `/`, or `/` and segments without a trailing `/`, in the characters a rule takes.
    private mutating func parseRoutePath(_ field: ConfigField) -> Located<String>? {
        guard let path = string(field, expected: "a path such as /api") else { return nil }
        let text = path.value
        guard text.count <= Self.maximumRoutePathLength else {
            report(
                path.position,
                "\(field.path) is \(text.count) characters; at most \(Self.maximumRoutePathLength) are allowed, "
                    + "because its rule also matches the path followed by /*, and a load balancer takes path patterns "
                    + "of at most 128 characters")
            return nil
        }
        let allowed = "_-.$/~\"'@:+".unicodeScalars
        let problem: String? =
            if !text.hasPrefix("/") {
                "must start with '/', as in /\(text)"
            } else if text.contains(where: { $0 == "*" || $0 == "?" }) {
                "has a wildcard; write the prefix alone, such as /api: the service gets it and everything under it"
            } else if text.count > 1, text.hasSuffix("/") {
                "ends with '/'; write it without, as in \(text.dropLast()): the service gets everything under it"
            } else if !text.unicodeScalars.allSatisfy({ $0.isASCIIAlphanumeric || allowed.contains($0) }) {
                "has characters that a load balancer rule does not take; use \(Self.routePathCharacters)"
            } else {
                nil
            }
        guard let problem else { return path }
        report(path.position, "\(field.path) '\(text)' \(problem)")
        return nil
    }
}
