import AWSCore

/// Stable JSON on stdout for `--output json`.
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        Terminal.write(try text(value) + "\n")
    }

    static func text(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
