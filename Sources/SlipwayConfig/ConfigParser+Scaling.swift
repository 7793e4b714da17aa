extension ConfigParser {
    static let scalingKeys = ["min", "max", "cpu", "requests"]
    static let scalingMinRange = 0...1000
    static let scalingMaxRange = 1...1000
    static let scalingCPURange = 1...100
    static let scalingRequestsRange = 1...Int.max

    /// A mapping, or `scaling: false` (a fixed `count`). The result is located at the `scaling` key.
    mutating func parseScaling(_ field: ConfigField) -> Located<ScalingSettings?>? {
        switch field.node.content {
        case .scalar(_, .boolean(false)):
            return Located(nil, at: field.keyPosition)
        case .scalar(_, .boolean(true)):
            report(
                field.position,
                "\(field.path) needs its limits, not true; write a mapping with max (and min, cpu or requests), "
                    + "or false to keep a fixed count")
            return nil
        case .mapping:
            break
        default:
            reportType(of: field, expected: "a mapping with min, max and cpu or requests (or false)", kind: .mapping)
            return nil
        }
        guard let map = mapping(field, allowedKeys: Self.scalingKeys, expected: "a mapping") else { return nil }
        var isValid = true
        func read(_ key: String, range: ClosedRange<Int>, expected: String, advice: String) -> Located<Int>? {
            guard let field = map[key] else { return nil }
            let value = ranged(field, range: range, expected: expected, advice: advice)
            if value == nil { isValid = false }
            return value
        }
        let max = read("max", range: Self.scalingMaxRange, expected: "an integer (tasks)", advice: "use 1 to 1000 tasks")
        if map["max"] == nil {
            _ = required("max", in: map, advice: "add max: N, the most tasks to run (1 to 1000)")
            isValid = false
        }
        let min =
            read("min", range: Self.scalingMinRange, expected: "an integer (tasks)", advice: "use 0 to 1000 tasks")
            ?? Located(ScalingSettings.defaultMin, at: field.keyPosition)
        var cpu = read(
            "cpu", range: Self.scalingCPURange, expected: "an integer (percent)", advice: "use a percentage from 1 to 100")
        let requests = read(
            "requests", range: Self.scalingRequestsRange, expected: "an integer (requests per target per minute)",
            advice: "use 1 or more requests per target per minute")
        guard isValid, let max else { return nil }
        guard min.value <= max.value else {
            report(min.position, "\(field.path).min \(min.value) is above max \(max.value); make min at most max")
            return nil
        }
        if map["cpu"] == nil, map["requests"] == nil {
            cpu = Located(ScalingSettings.defaultCPU, at: field.keyPosition)
        }
        return Located(ScalingSettings(min: min, max: max, cpu: cpu, requests: requests), at: field.keyPosition)
    }
}
