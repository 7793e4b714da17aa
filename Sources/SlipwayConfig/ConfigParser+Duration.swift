extension ConfigParser {
    /// A duration within `range` seconds: `60s`, `2m`, `1m30s`, or a bare number of seconds.
    mutating func duration(_ field: ConfigField, range: ClosedRange<Int>) -> Located<Int>? {
        let advice = "use \(range.lowerBound) to \(range.upperBound) seconds"
        let seconds: Int
        let written: String
        switch field.node.content {
        case .scalar(let text, .integer(let value)):
            // A YAML integer too large for an Int is out of range like any other.
            (seconds, written) = (value ?? Int.max, text)
        case .scalar(let text, .string) where !text.isEmpty:
            guard let value = DurationText.seconds(in: text) else {
                report(
                    field.position,
                    "\(field.path) '\(text)' is not a duration; write it like 30s, 2m or 1m30s (or a number of seconds)"
                )
                return nil
            }
            (seconds, written) = (value, text)
        case .scalar("", .string):
            report(field.position, "\(field.path) is empty; write \(DurationText.forms)")
            return nil
        default:
            reportType(of: field, expected: DurationText.forms, kind: .formatted)
            return nil
        }
        guard range.contains(seconds) else {
            report(field.position, "\(field.path) \(written) is out of range; \(advice)")
            return nil
        }
        return Located(seconds, at: field.position)
    }
}
