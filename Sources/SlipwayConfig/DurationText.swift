/// The durations `slipway.yml` accepts (`90`, `90s`, `2m`, `1m30s`, `1h`), read as whole seconds.
public enum DurationText {
    /// How messages describe the forms a duration may take.
    public static let forms = "a duration such as 30s, 2m or 1m30s (or a number of seconds)"

    /// The seconds that `text` stands for, or nil when it is not a duration. A duration too long
    /// for an `Int` reads as `Int.max`, so that it is reported as out of range, not as misspelt.
    public static func seconds(in text: String) -> Int? {
        guard !text.isEmpty else { return nil }
        if text.wholeMatch(of: /[0-9]+/) != nil { return Int(text) ?? Int.max }
        guard let match = text.wholeMatch(of: /(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?/) else { return nil }
        var total = 0
        for (part, unit) in [(match.output.1, 3600), (match.output.2, 60), (match.output.3, 1)] {
            guard let part else { continue }
            guard let count = Int(part) else { return Int.max }
            let (seconds, overflowed) = count.multipliedReportingOverflow(by: unit)
            let (sum, overflowedSum) = total.addingReportingOverflow(seconds)
            guard !overflowed, !overflowedSum else { return Int.max }
            total = sum
        }
        return total
    }

    /// `90` as `1m30s`, `60` as `1m`, `0` as `0s`: the shortest way to write a number of seconds.
    public static func describe(_ seconds: Int) -> String {
        guard seconds > 0 else { return "\(seconds)s" }
        let parts = [(seconds / 3600, "h"), (seconds % 3600 / 60, "m"), (seconds % 60, "s")]
        return parts.filter { $0.0 > 0 }.map { "\($0.0)\($0.1)" }.joined()
    }
}
