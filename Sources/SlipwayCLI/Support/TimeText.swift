import Foundation

/// Times as the commands read and show them: `--since` values and ages.
enum TimeText {
    struct BadSince: Error, CustomStringConvertible {
        let value: String
        var description: String {
            "--since '\(value)' is neither a duration (30s, 15m, 2h, 1d) nor a time (2024-05-01T12:00:00Z or 2024-05-01)"
        }
    }

    /// `30s`, `15m`, `2h`, `1d` before `now`, or an ISO 8601 time or date (UTC).
    static func since(_ value: String, now: Date = Date()) throws -> Date {
        let text = value.trimmingCharacters(in: .whitespaces)
        if let unit = text.last, let amount = Double(text.dropLast()), amount >= 0, amount < 1_000_000 {
            let seconds: Double? = switch unit {
            case "s": amount
            case "m": amount * 60
            case "h": amount * 3600
            case "d": amount * 86400
            case "w": amount * 604_800
            default: nil
            }
            if let seconds { return now.addingTimeInterval(-seconds) }
        }
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let date = day.date(from: text) { return date }
        throw BadSince(value: value)
    }

    /// `12s ago`, `5m ago`, `3h ago`, `2d ago`.
    static func age(_ date: Date?, now: Date = Date()) -> String {
        guard let date else { return "" }
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<60: return "\(seconds)s ago"
        case ..<3600: return "\(seconds / 60)m ago"
        case ..<86400: return "\(seconds / 3600)h ago"
        default: return "\(seconds / 86400)d ago"
        }
    }

    /// `42s`, `3m 05s`, `1h 02m`.
    static func duration(_ seconds: Double) -> String {
        let total = max(0, Int(seconds.rounded()))
        switch total {
        case ..<60: return "\(total)s"
        case ..<3600: return "\(total / 60)m \(String(format: "%02d", total % 60))s"
        default: return "\(total / 3600)h \(String(format: "%02d", total % 3600 / 60))m"
        }
    }

    /// `2024-05-01T12:00:00.123Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
