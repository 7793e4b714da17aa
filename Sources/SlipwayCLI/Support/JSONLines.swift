import AWSCore

/// One compact JSON document per line on stdout, for output that streams (`logs`,
/// `status --watch`, `release --wait` events): each line can be read as it comes.
enum JSONLines {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        Terminal.write(String(decoding: try encoder.encode(value), as: UTF8.self) + "\n")
    }
}
