import Yams

/// Turns libyaml's errors, as Yams reports them, into a diagnostic with advice.
enum YAMLSyntaxError {
    static func diagnostic(for error: YamlError, in text: String) -> Diagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            let position = clamped(YAMLReader.position(of: mark), to: text)
            return Diagnostic(position: position, message: message(for: problem, at: position, in: text))
        case .reader(let problem, let offset, _, _):
            return Diagnostic(
                position: position(ofByteOffset: offset ?? 0, in: text),
                message: "the file is not valid YAML text (\(problem)); save it as UTF-8 without control characters")
        default:
            return Diagnostic(
                position: SourcePosition(line: 1, column: 1),
                message: "the file could not be read as YAML (\(error)); check its syntax")
        }
    }

    private static func message(for problem: String, at position: SourcePosition, in text: String) -> String {
        let advice: String
        switch problem {
        case _ where character(at: position, in: text) == "\t":
            advice = "indent with spaces; YAML does not allow tabs"
        case "mapping values are not allowed in this context":
            advice = "check the indentation, or quote a value that contains ': '"
        case "did not find expected key", "did not find expected '-' indicator":
            advice = "check the indentation of this line against the lines above"
        case "found undefined alias":
            advice = "define the anchor (&name) before it is used (*name)"
        case "but found another document":
            return "the file holds more than one YAML document; keep one (remove the second '---')"
        case _ where problem.hasPrefix("found unexpected end of stream"):
            advice = "close the quote or bracket that starts earlier"
        default:
            advice = "check the YAML syntax here"
        }
        return "invalid YAML: \(problem); \(advice)"
    }

    /// libyaml reports an error at the end of a file that lacks a final line break on the line
    /// after the last one; point at the end of the last line instead, where the reader can see it.
    static func clamped(_ position: SourcePosition, to text: String) -> SourcePosition {
        let widths = lineWidths(text.unicodeScalars)
        guard position.line > widths.count else { return position }
        return SourcePosition(line: widths.count, column: widths[widths.count - 1] + 1)
    }

    /// The width in Unicode scalars of each line, breaking lines where YAML does: LF, CRLF, CR,
    /// NEL, LS and PS.
    private static func lineWidths(_ text: some Sequence<Unicode.Scalar>) -> [Int] {
        var widths = [0]
        var previousWasCR = false
        for scalar in text {
            switch scalar {
            case "\n" where previousWasCR: break
            case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": widths.append(0)
            default: widths[widths.count - 1] += 1
            }
            previousWasCR = scalar == "\r"
        }
        return widths
    }

    private static func character(at position: SourcePosition, in text: String) -> Unicode.Scalar? {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard position.line - 1 < lines.count else { return nil }
        let scalars = Array(lines[position.line - 1].unicodeScalars)
        return position.column - 1 < scalars.count ? scalars[position.column - 1] : nil
    }

    /// libyaml's reader reports a byte offset: the position just after the scalars before it.
    private static func position(ofByteOffset offset: Int, in text: String) -> SourcePosition {
        var bytes = 0
        let before = text.unicodeScalars.prefix { scalar in
            defer { bytes += UTF8.width(scalar) }
            return bytes < offset
        }
        let widths = lineWidths(before)
        return clamped(SourcePosition(line: widths.count, column: widths[widths.count - 1] + 1), to: text)
    }
}
