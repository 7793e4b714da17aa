import Foundation

/// Reads and validates `slipway.yml`, reporting every problem at once.
public struct ConfigLoader {
    /// Loads the file at `path`; errors name the file as `path` was written.
    public static func load(
        path: String, variables: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigErrors) -> SlipwayFile {
        let text = try read(path: path)
        return try load(text: text, fileName: path, variables: variables)
    }

    /// Validates `text` as if it were the file `fileName`.
    public static func load(
        text: String, fileName: String = "slipway.yml",
        variables: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigErrors) -> SlipwayFile {
        let yaml = YAMLReader.read(text)
        var diagnostics = yaml.diagnostics
        var file: SlipwayFile?
        if let root = yaml.root {
            var parser = ConfigParser(variables: variables)
            file = parser.parseFile(root, fileName: fileName)
            diagnostics += parser.diagnostics
        } else if diagnostics.isEmpty {
            diagnostics.append(
                Diagnostic(
                    position: SourcePosition(line: 1, column: 1),
                    message: "the file is empty; it needs app, source, cluster, environments and services "
                        + "(slipway init writes an example)"))
        }
        if let file, diagnostics.isEmpty { return file }
        throw ConfigErrors(errors(from: diagnostics, fileName: fileName))
    }

    /// In the file's order, each problem once.
    private static func errors(from diagnostics: [Diagnostic], fileName: String) -> [ConfigError] {
        var seen = Set<Diagnostic>()
        let unique = diagnostics.filter { seen.insert($0).inserted }
        let ordered = unique.enumerated().sorted { ($0.element.position, $0.offset) < ($1.element.position, $1.offset) }
        let errors = ordered.map {
            ConfigError(file: fileName, position: $0.element.position, message: $0.element.message)
        }
        // A parser that returns no file must have said why; never let a bug pass as success.
        return errors.isEmpty
            ? [ConfigError(file: fileName, line: 1, column: 1, message: "the file could not be read; check its syntax")]
            : errors
    }

    private static func read(path: String) throws(ConfigErrors) -> String {
        func failure(_ message: String) -> ConfigErrors {
            ConfigErrors([ConfigError(file: path, line: 0, column: 0, message: message)])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw failure("no such file; create it with 'slipway init' or pass its path with -f")
        }
        guard !isDirectory.boolValue else {
            throw failure("is a directory, not a file; pass the path of slipway.yml with -f")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw failure("cannot be read; check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw failure("is not UTF-8 text; save it as UTF-8")
        }
        return text
    }
}
