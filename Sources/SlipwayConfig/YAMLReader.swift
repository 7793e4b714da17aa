import Yams

/// Parses the text of `slipway.yml` into a `ConfigNode` tree, turning Yams' errors into diagnostics.
///
/// Yams refuses a mapping with a duplicate key as a whole. To report every duplicate at the
/// place a user must fix (the later occurrence) and still validate the rest of the file, the
/// reader renames the first occurrence that Yams reports to a private placeholder and parses
/// again; converting the tree maps placeholders back and drops the later occurrences.
struct YAMLReader {
    struct Output {
        /// nil for an empty file or a syntax error.
        var root: ConfigNode?
        var diagnostics: [Diagnostic]
    }

    /// Supplementary Private Use Area-A: no hand-written key starts with these.
    private static let firstPlaceholder: UInt32 = 0xF_0000
    private static let maximumRenames = 256

    static func read(_ text: String) -> Output {
        var text = text
        var renamedKeys: [Unicode.Scalar: String] = [:]
        while true {
            do {
                guard let node = try Yams.compose(yaml: text, .default, .default, .utf8) else {
                    return Output(root: nil, diagnostics: [])
                }
                var converter = NodeConverter(renamedKeys: renamedKeys)
                let root = converter.convert(node)
                return Output(root: root, diagnostics: converter.diagnostics)
            } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
                let mark = position(of: context.mark)
                guard renamedKeys.count < maximumRenames,
                    let key = duplicates.first,
                    let placeholder = Unicode.Scalar(firstPlaceholder + UInt32(renamedKeys.count)),
                    let renamed = replacingKeyStart(at: mark, in: text, with: placeholder)
                else {
                    let message =
                        "key '\(duplicates.first ?? "")' appears more than once in this mapping; keep only one"
                    return Output(root: nil, diagnostics: [Diagnostic(position: mark, message: message)])
                }
                renamedKeys[placeholder] = key
                text = renamed
            } catch let error as YamlError {
                return Output(root: nil, diagnostics: [YAMLSyntaxError.diagnostic(for: error, in: text)])
            } catch {
                let diagnostic = Diagnostic(
                    position: SourcePosition(line: 1, column: 1),
                    message: "the file could not be read as YAML (\(error)); check its syntax")
                return Output(root: nil, diagnostics: [diagnostic])
            }
        }
    }

    static func position(of mark: Mark) -> SourcePosition {
        SourcePosition(line: max(mark.line, 1), column: max(mark.column, 1))
    }

    /// The text with the first character of the key at `position` replaced, or nil when that key
    /// does not start with a letter, digit or `_` (after an opening quote), where a replacement
    /// could change how the YAML parses.
    private static func replacingKeyStart(
        at position: SourcePosition, in text: String, with placeholder: Unicode.Scalar
    ) -> String? {
        var scalars = Array(text.unicodeScalars)
        var line = 1
        var index = 0
        while line < position.line, index < scalars.count {
            if scalars[index] == "\n" { line += 1 }
            index += 1
        }
        index += position.column - 1
        guard index < scalars.count else { return nil }
        if scalars[index] == "\"" || scalars[index] == "'" { index += 1 }
        guard index < scalars.count, scalars[index].isASCIIAlphanumeric || scalars[index] == "_" else { return nil }
        scalars[index] = placeholder
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }
}

/// Converts Yams' nodes to `ConfigNode`s, reporting duplicate and non-scalar keys.
private struct NodeConverter {
    let renamedKeys: [Unicode.Scalar: String]
    var diagnostics: [Diagnostic] = []

    mutating func convert(_ node: Node) -> ConfigNode {
        let position = node.mark.map(YAMLReader.position(of:)) ?? SourcePosition(line: 1, column: 1)
        switch node {
        case .scalar(let scalar):
            return ConfigNode(content: .scalar(scalar.string, scalarType(of: node)), position: position)
        case .sequence(let sequence):
            return ConfigNode(content: .sequence(sequence.map { convert($0) }), position: position)
        case .mapping(let mapping):
            return ConfigNode(content: .mapping(entries(of: mapping)), position: position)
        case .alias:
            // Yams resolves aliases while composing; an unresolved one is no value Slipway can use.
            return ConfigNode(content: .scalar("", .other), position: position)
        }
    }

    private mutating func entries(of mapping: Node.Mapping) -> [ConfigNode.Entry] {
        var entries: [ConfigNode.Entry] = []
        for (key, value) in mapping {
            let keyPosition = key.mark.map(YAMLReader.position(of:)) ?? SourcePosition(line: 1, column: 1)
            guard let text = key.scalar?.string else {
                diagnostics.append(
                    Diagnostic(position: keyPosition, message: "a key must be a plain name, not a list or a mapping"))
                continue
            }
            let name = originalName(of: text)
            if let first = entries.first(where: { $0.key == name }) {
                let message =
                    "key '\(name)' appears twice in this mapping (first at line \(first.keyPosition.line), "
                    + "column \(first.keyPosition.column)); keep only one"
                diagnostics.append(Diagnostic(position: keyPosition, message: message))
                continue
            }
            entries.append(ConfigNode.Entry(key: name, keyPosition: keyPosition, value: convert(value)))
        }
        return entries
    }

    private func originalName(of key: String) -> String {
        guard let first = key.unicodeScalars.first, let original = renamedKeys[first] else { return key }
        return original
    }

    private func scalarType(of node: Node) -> ConfigNode.ScalarType {
        switch Tag.Name(rawValue: node.tag.rawValue) {
        case .str: return .string
        case .int: return .integer(node.int)
        case .bool: return node.bool.map(ConfigNode.ScalarType.boolean) ?? .other
        case .float: return .float
        case .null: return .null
        default: return .other
        }
    }
}
