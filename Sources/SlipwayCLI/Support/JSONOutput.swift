import AWSCore

/// Stable JSON on stdout for `--output json`.
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        Terminal.write(String(decoding: try encoder.encode(value), as: UTF8.self) + "\n")
    }
}
