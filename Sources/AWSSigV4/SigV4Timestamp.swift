#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The two UTC renderings of a signing time that SigV4 uses (`20150830T123600Z` and `20150830`).
public struct SigV4Timestamp: Sendable, Equatable {
    public let dateTime: String
    public let date: String

    public init(_ instant: Date) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days - (secondOfDay < 0 ? 1 : 0))
        let second = (secondOfDay + 86_400) % 86_400
        date = Self.pad(year, 4) + Self.pad(month, 2) + Self.pad(day, 2)
        dateTime = date + "T" + Self.pad(second / 3600, 2) + Self.pad(second / 60 % 60, 2) + Self.pad(second % 60, 2) + "Z"
    }

    /// Howard Hinnant's days-to-civil algorithm: no calendar or formatter needed.
    static func civilDate(daysSinceEpoch: Int) -> (Int, Int, Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
