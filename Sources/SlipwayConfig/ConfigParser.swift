/// Reads a `ConfigNode` tree into a `SlipwayFile`, collecting every problem instead of stopping at the first.
///
/// Each reader returns nil after reporting why, so a missing or wrong value never hides the
/// problems of its siblings.
struct ConfigParser {
    private(set) var diagnostics: [Diagnostic] = []
    let interpolator: VariableInterpolator

    init(variables: [String: String]) {
        self.interpolator = VariableInterpolator(variables: variables)
    }

    mutating func report(_ position: SourcePosition, _ message: String) {
        diagnostics.append(Diagnostic(position: position, message: message))
    }

    /// A mapping whose keys must be among `allowedKeys`; `forbidden` keys get their own message.
    mutating func mapping(
        _ field: ConfigField, allowedKeys: [String], expected: String, forbidden: [String: String] = [:]
    ) -> FieldMap? {
        guard let entries = entries(of: field, expected: expected) else { return nil }
        var kept: [ConfigField] = []
        for entry in entries {
            let key = entry.key
            if allowedKeys.contains(key) {
                kept.append(entry)
            } else if let message = forbidden[key] {
                report(entry.keyPosition, message)
            } else {
                reportUnknownKey(key, at: entry.keyPosition, in: field, allowedKeys: allowedKeys)
            }
        }
        return FieldMap(owner: field, fields: kept)
    }

    /// The entries of a mapping whose keys are names chosen by the user (environments, variables).
    mutating func entries(of field: ConfigField, expected: String) -> [ConfigField]? {
        guard case .mapping(let entries) = field.node.content else {
            reportType(of: field, expected: expected, kind: .mapping)
            return nil
        }
        return entries.map { field.child($0.key, keyPosition: $0.keyPosition, node: $0.value) }
    }

    mutating func list(_ field: ConfigField, expected: String) -> [ConfigField]? {
        guard case .sequence(let items) = field.node.content else {
            reportType(of: field, expected: expected, kind: .list)
            return nil
        }
        return items.enumerated().map { index, item in
            ConfigField(path: "\(field.path)[\(index)]", keyPosition: item.position, node: item)
        }
    }

    /// A list's items as strings, each checked by `problem` (given the ones kept before it), which
    /// says what is wrong after `'value'`; nil when any item is not a string or has a problem,
    /// after every one is reported.
    mutating func strings(
        _ items: [ConfigField], expected: String, problem: (String, _ kept: [Located<String>]) -> String?
    ) -> [Located<String>]? {
        var kept: [Located<String>] = []
        var valid = true
        for item in items {
            guard let text = string(item, expected: expected) else {
                valid = false
                continue
            }
            if let problem = problem(text.value, kept) {
                report(text.position, "\(item.path) '\(text.value)' \(problem)")
                valid = false
            } else {
                kept.append(text)
            }
        }
        return valid ? kept : nil
    }

    /// A string with `${env:NAME}` resolved. `sensitive` keeps the value out of every message.
    mutating func string(_ field: ConfigField, expected: String = "a string", sensitive: Bool = false)
        -> Located<String>?
    {
        guard case .scalar(let text, .string) = field.node.content else {
            reportType(of: field, expected: expected, kind: .string, sensitive: sensitive)
            return nil
        }
        switch interpolator.interpolate(text) {
        case .success(let value):
            return Located(value, at: field.position)
        case .failure(.unset(let names)):
            let references = EnglishList.and(names.map { "${env:\($0)}" })
            let verb = names.count == 1 ? "is" : "are"
            report(
                field.position,
                "\(field.name): \(references) \(verb) not set in the environment; "
                    + "export \(EnglishList.and(names)) or write the value here")
            return nil
        case .failure(.malformed):
            report(
                field.position,
                "\(field.name): '${env:' must be followed by a variable name and '}', as in ${env:NAME}")
            return nil
        }
    }

    /// A string that must not be empty.
    mutating func nonEmptyString(_ field: ConfigField, expected: String, whatToWrite: String) -> Located<String>? {
        guard let value = string(field, expected: expected) else { return nil }
        guard !value.value.isEmpty else {
            report(field.position, "\(field.name) is empty; \(whatToWrite)")
            return nil
        }
        return value
    }

    mutating func integer(_ field: ConfigField, expected: String) -> Located<Int>? {
        switch field.node.content {
        case .scalar(_, .integer(let value?)):
            return Located(value, at: field.position)
        case .scalar(let text, .integer(nil)):
            report(field.position, "\(field.name) \(text) is too large; it must be \(expected)")
            return nil
        default:
            reportType(of: field, expected: expected, kind: .integer)
            return nil
        }
    }

    mutating func boolean(_ field: ConfigField) -> Located<Bool>? {
        guard case .scalar(_, .boolean(let value)) = field.node.content else {
            reportType(of: field, expected: "true or false", kind: .boolean)
            return nil
        }
        return Located(value, at: field.position)
    }

    /// The field for a key that must be present, reporting its absence at the owner's key.
    mutating func required(_ key: String, in map: FieldMap, advice: String) -> ConfigField? {
        if let field = map[key] { return field }
        let path = map.owner.path.isEmpty ? key : "\(map.owner.path).\(key)"
        report(map.owner.keyPosition, "\(path) is missing; \(advice)")
        return nil
    }

    private mutating func reportUnknownKey(
        _ key: String, at position: SourcePosition, in field: ConfigField, allowedKeys: [String]
    ) {
        let place = field.path.isEmpty ? "at the top level" : "in \(field.path)"
        guard key != "<<" else {
            report(position, "YAML merge keys (<<) are not supported \(place); write the settings out")
            return
        }
        let advice =
            if let suggestion = KeySuggestion.closest(to: key, among: allowedKeys) {
                "did you mean '\(suggestion)'?"
            } else {
                "the keys allowed here are \(EnglishList.and(allowedKeys))"
            }
        report(position, "unknown key '\(key)' \(place); \(advice)")
    }

    /// The kind of value a reader wanted, for advice on how to write it.
    enum ValueKind {
        case string, integer, boolean, list, mapping
        /// A value with a syntax of its own (a duration, HTTP codes), where advice about quotes would mislead.
        case formatted
    }

    mutating func reportType(
        of field: ConfigField, expected: String, kind: ValueKind, sensitive: Bool = false
    ) {
        let node = field.node
        if node.isNull {
            report(field.position, "\(field.name) has no value; it must be \(expected)")
            return
        }
        var message = "\(field.name) must be \(expected), not \(Self.describe(node, sensitive: sensitive))"
        if let hint = Self.hint(for: node, kind: kind, sensitive: sensitive) {
            message += "; \(hint)"
        }
        report(field.position, message)
    }

    private static func describe(_ node: ConfigNode, sensitive: Bool) -> String {
        switch node.content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let text, let type):
            switch type {
            case .string: return "a string"
            case .integer, .float: return sensitive ? "a number" : "the number \(text)"
            case .boolean: return sensitive ? "a boolean" : "the boolean \(text)"
            case .null: return "empty"
            case .other: return sensitive ? "a value of another YAML type" : "'\(text)'"
            }
        }
    }

    private static func hint(for node: ConfigNode, kind: ValueKind, sensitive: Bool) -> String? {
        guard case .scalar(let text, let type) = node.content else { return nil }
        switch (kind, type) {
        case (.string, .integer), (.string, .float), (.string, .boolean), (.string, .other):
            return sensitive ? "write it in quotes" : "write it in quotes: \"\(text)\""
        case (.integer, .string) where Int(text) != nil:
            return "remove the quotes"
        case (.boolean, .string) where text == "true" || text == "false":
            return "remove the quotes"
        case (.list, .string), (.list, .integer):
            return sensitive ? nil : "write it as a list: [\(text)]"
        default:
            return nil
        }
    }
}
