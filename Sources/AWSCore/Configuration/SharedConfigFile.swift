/// One parsed `~/.aws/config` or `~/.aws/credentials` file: sections of settings, where a
/// setting with an empty value followed by indented lines is a sub-section (`s3 =\n  endpoint_url = …`).
public struct SharedConfigFile: Sendable, Equatable {
    public struct Section: Sendable, Equatable {
        public var settings: [String: String] = [:]
        public var subsections: [String: [String: String]] = [:]
    }

    public var sections: [String: Section] = [:]

    public init(sections: [String: Section] = [:]) {
        self.sections = sections
    }

    public init(text: String) {
        var current: String?
        var currentSubsection: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let isIndented = rawLine.first == " " || rawLine.first == "\t"
            let line = rawLine.trimmed()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast()).trimmed()
                currentSubsection = nil
                if let current, sections[current] == nil { sections[current] = Section() }
                continue
            }
            guard let section = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).trimmed().lowercased()
            let value = Self.stripComment(String(line[line.index(after: equals)...]).trimmed())
            if isIndented, let subsection = currentSubsection {
                sections[section]?.subsections[subsection, default: [:]][key] = value
            } else if value.isEmpty {
                currentSubsection = key
            } else {
                currentSubsection = nil
                sections[section]?.settings[key] = value
            }
        }
    }

    /// Loads a file; a missing file is an empty one, as in the AWS CLI.
    public static func load(path: String) -> SharedConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else { return SharedConfigFile() }
        return SharedConfigFile(text: String(decoding: data, as: UTF8.self))
    }

    private static func stripComment(_ value: String) -> String {
        // Inline comments need whitespace before the marker, so `a#b` stays a value.
        for marker in [" #", " ;", "\t#", "\t;"] {
            if let range = value.firstRange(of: marker) { return String(value[..<range.lowerBound]).trimmed() }
        }
        return value
    }
}
