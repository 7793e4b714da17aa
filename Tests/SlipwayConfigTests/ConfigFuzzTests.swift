import Foundation
import SlipwayConfig
import SlipwayTestSupport
import Testing

/// Property tests of the loader on damaged files: thousands of seeded mutations of the example
/// (byte flips, truncations, swapped keys and values, deep nesting, stray YAML syntax). Whatever
/// the text, `ConfigLoader.load` returns or throws, never crashes, and every error is a line
/// `slipway.yml:L:C: message` whose line and column lie inside the text.
struct ConfigFuzzTests {
    static let iterations = Int(ProcessInfo.processInfo.environment["SLIPWAY_FUZZ_ITERATIONS"] ?? "") ?? 3000
    static let environment = ["GITHUB_OAUTH_TOKEN": "ghp_fuzz", "EMPTY": ""]

    /// Fragments that YAML and the parser treat specially.
    static let fragments = [
        ":", ": ", "- ", "[", "]", "{", "}", "\"", "'", "#", "&a ", "*a", "!!str ", "!!binary ", "|", ">", "? ", "---\n", "...\n",
        "\t", "\n", "\r\n", "\u{0}", "\u{FEFF}", "é", "😀", "${env:", "${env:GITHUB_OAUTH_TOKEN}", "${env:NOPE}", "${env:EMPTY}",
        "~", "null", "true", "-1", "0", "1e309", "0x1F", "99999999999999999999999", "<<: *a\n", "%YAML 1.2\n",
    ]

    static func mutate(_ text: String, using generator: inout SeededGenerator) -> String {
        var bytes = Array(text.utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        switch Int.random(in: 0..<8, using: &generator) {
        case 0:  // flip bytes (the result may not even be UTF-8: decoding repairs it as a reader would)
            for _ in 0..<Int.random(in: 1...8, using: &generator) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            }
            return String(decoding: bytes, as: UTF8.self)
        case 1:  // truncate anywhere, mid-character included
            return String(decoding: bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)), as: UTF8.self)
        case 2:  // swap two lines' keys or values
            let pairs = lines.indices.filter { lines[$0].contains(":") }
            guard pairs.count >= 2, let a = pairs.randomElement(using: &generator), let b = pairs.randomElement(using: &generator) else { return text }
            let (ka, va) = split(lines[a]), (kb, vb) = split(lines[b])
            if Bool.random(using: &generator) {
                lines[a] = kb + ":" + va
                lines[b] = ka + ":" + vb
            } else {
                lines[a] = ka + ":" + vb
                lines[b] = kb + ":" + va
            }
            return lines.joined(separator: "\n")
        case 3:  // deep nesting under a random line
            let depth = Int.random(in: 1...300, using: &generator)
            let index = Int.random(in: 0..<max(lines.count, 1), using: &generator)
            let flow = Bool.random(using: &generator)
            let nested = flow
                ? "  nested: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
                : (0..<depth).map { String(repeating: " ", count: 2 * ($0 + 1)) + "k\($0):" }.joined(separator: "\n")
            lines.insert(nested, at: min(index, lines.count))
            return lines.joined(separator: "\n")
        case 4:  // insert YAML syntax or odd scalars
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let fragment = Array(fragments.randomElement(using: &generator)!.utf8)
                bytes.insert(contentsOf: fragment, at: Int.random(in: 0...bytes.count, using: &generator))
            }
            return String(decoding: bytes, as: UTF8.self)
        case 5:  // delete, duplicate or reindent lines
            for _ in 0..<Int.random(in: 1...4, using: &generator) where !lines.isEmpty {
                let index = Int.random(in: 0..<lines.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: lines.remove(at: index)
                case 1: lines.insert(lines[index], at: index)
                default: lines[index] = String(repeating: " ", count: Int.random(in: 0...9, using: &generator)) + lines[index].drop { $0 == " " }
                }
            }
            return lines.joined(separator: "\n")
        case 6:  // replace a value with a huge or empty one
            guard let index = lines.indices.filter({ lines[$0].contains(": ") }).randomElement(using: &generator) else { return text }
            let value = [String(repeating: "a", count: Int.random(in: 1...5000, using: &generator)), "", "''", "[]", "{}", "-", "0"]
                .randomElement(using: &generator)!
            lines[index] = split(lines[index]).key + ": " + value
            return lines.joined(separator: "\n")
        default:  // several mutations at once
            var result = text
            for _ in 0..<Int.random(in: 2...4, using: &generator) {
                result = mutate(result, using: &generator)
            }
            return result
        }
    }

    static func split(_ line: String) -> (key: String, value: String) {
        guard let colon = line.firstIndex(of: ":") else { return (line, "") }
        return (String(line[..<colon]), String(line[line.index(after: colon)...]))
    }

    /// Checks one error line against the text it came from; returns what is wrong, if anything.
    static func problem(with error: ConfigError, in text: String) -> String? {
        let lines = lineWidths(text)
        guard error.file == "slipway.yml", !error.message.isEmpty else { return "no file or message: \(error)" }
        guard error.description == "slipway.yml:\(error.line):\(error.column): \(error.message)" else { return "not file:line:column: \(error)" }
        guard error.line >= 1, error.line <= max(lines.count, 1) else { return "line \(error.line) outside 1...\(lines.count): \(error)" }
        // A column may point just past the line's end (an unterminated value, an expected token).
        let width = lines.isEmpty ? 0 : lines[error.line - 1]
        guard error.column >= 1, error.column <= width + 2 else { return "column \(error.column) outside 1...\(width + 1) of line \(error.line): \(error)" }
        guard !error.message.contains("\n") else { return "a message of several lines: \(error)" }
        return nil
    }

    /// The width in Unicode scalars of each line, breaking lines where YAML does: LF, CRLF, CR,
    /// NEL, LS and PS (a Swift `Character` holds CRLF as one, so splitting a `String` on "\n" would not).
    static func lineWidths(_ text: String) -> [Int] {
        var widths = [0]
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n" where previousWasCR:
                break
            case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}":
                widths.append(0)
            default:
                widths[widths.count - 1] += 1
            }
            previousWasCR = scalar == "\r"
        }
        return widths
    }

    @Test(arguments: [ExampleConfig.text, ExampleConfig.minimal, ExampleConfig.web])
    func damagedFilesAreRejectedWithPositionsInside(_ original: String) {
        var generator = SeededGenerator(seed: 0x5EED_0000 + UInt64(original.count))
        var rejected = 0, accepted = 0
        var failures: [String] = []
        for iteration in 0..<Self.iterations {
            let text = Self.mutate(original, using: &generator)
            do {
                _ = try ConfigLoader.load(text: text, fileName: "slipway.yml", variables: Self.environment)
                accepted += 1
            } catch {
                rejected += 1
                #expect(!error.errors.isEmpty)
                for configError in error.errors {
                    if let problem = Self.problem(with: configError, in: text), failures.count < 10 {
                        failures.append("iteration \(iteration): \(problem)\n--- text ---\n\(text.prefix(2000))")
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n\n"))")
        #expect(rejected > Self.iterations / 2, "most mutations are errors (\(rejected) rejected, \(accepted) accepted)")
    }
}
