/// HTTP's date format (RFC 9110's IMF-fixdate, `Wed, 21 Oct 2015 07:28:00 GMT`): how AWS writes
/// the `Date` and `Last-Modified` headers.
public enum HTTPDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let month = months.firstIndex(of: String(parts[2])),
              let year = Int(parts[3]), parts[4].count == 8 else { return nil }
        func padded(_ number: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(number).count)) + String(number) }
        return ISO8601Timestamp.parse("\(padded(year, 4))-\(padded(month + 1, 2))-\(padded(day, 2))T\(parts[4])Z")
    }
}
