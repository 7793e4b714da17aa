/// A field's declaration: its label (what the plan shows) and how it behaves. A resource
/// declares each of its fields once and fills both its desired and its live values from that
/// declaration; updates look for the declaration, never for a label.
public struct FieldID: Hashable, Sendable, CustomStringConvertible {
    public let label: String
    /// Shown as `(sensitive)`, never in clear (a map keeps its keys visible).
    public let sensitive: Bool
    /// AWS cannot read it back (a GitHub OAuth token comes back as `****`): never compared.
    public let writeOnly: Bool
    /// A change to it needs the resource deleted and created again.
    public let forcesReplacement: Bool

    public init(_ label: String, sensitive: Bool = false, writeOnly: Bool = false, forcesReplacement: Bool = false) {
        self.label = label
        self.sensitive = sensitive || writeOnly
        self.writeOnly = writeOnly
        self.forcesReplacement = forcesReplacement
    }

    public var description: String { label }

    /// The `slipway:` tags every resource carries.
    public static let tags = FieldID("tags")
}

/// What kind of value a field holds, which decides how the plan compares and shows it.
public enum FieldKind: String, Sendable, Codable {
    case scalar
    case list
    case map
    /// A JSON document (an IAM policy, the deployer's parameters): shown indented, diffed by line.
    case document
    /// A scalar never shown in clear.
    case secret
}

/// A field's value, typed: a list keeps its elements apart (no `A=1, B=2` ambiguity), a map
/// is compared key by key, whatever order AWS returns it in, and numbers, flags and durations
/// compare as what they are, not as the text the plan shows.
public enum FieldValue: Sendable, Equatable {
    case scalar(String)
    case integer(Int)
    case boolean(Bool)
    /// A duration in whole seconds, shown as `30 s`.
    case seconds(Int)
    /// A count that scaling owns: any live count within the range is the same (`scaled 1–4`).
    case countWithin(ClosedRange<Int>)
    case list([String])
    case map([String: String])
    case document(String)

    public var kind: FieldKind {
        switch self {
        case .scalar, .integer, .boolean, .seconds, .countWithin: .scalar
        case .list: .list
        case .map: .map
        case .document: .document
        }
    }

    /// Equal values, where a count within a scaling range equals that range.
    func matches(_ other: FieldValue) -> Bool {
        switch (self, other) {
        case (.countWithin(let range), .integer(let count)), (.integer(let count), .countWithin(let range)): range.contains(count)
        default: self == other
        }
    }

    /// The value on one line: a list's elements and a map's `key=value` pairs (by key) comma-separated.
    public var text: String {
        switch self {
        case .scalar(let text), .document(let text): text
        case .integer(let value): String(value)
        case .boolean(let value): String(value)
        case .seconds(let value): "\(value) s"
        case .countWithin(let range): "scaled \(range.lowerBound)–\(range.upperBound)"
        case .list(let items): items.isEmpty ? "(none)" : items.joined(separator: ", ")
        case .map(let entries): entries.isEmpty ? "(none)" : entries.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        }
    }
}

/// One attribute of a resource as the plan compares and shows it; a nil value is one AWS has none of.
public struct Field: Sendable, Equatable {
    public let id: FieldID
    public let value: FieldValue?

    public init(_ id: FieldID, value: FieldValue?) {
        self.id = id
        self.value = value
    }

    public init(_ id: FieldID, _ text: String?) {
        self.init(id, value: text.map(FieldValue.scalar))
    }

    public init(_ id: FieldID, integer: Int?) {
        self.init(id, value: integer.map(FieldValue.integer))
    }

    /// A number AWS sends as text (a task definition's `cpu`): an integer when it reads as one.
    public init(_ id: FieldID, numberText: String?) {
        self.init(id, value: numberText.map { text in Int(text).map(FieldValue.integer) ?? .scalar(text) })
    }

    public init(_ id: FieldID, boolean: Bool?) {
        self.init(id, value: boolean.map(FieldValue.boolean))
    }

    public init(_ id: FieldID, seconds: Int?) {
        self.init(id, value: seconds.map(FieldValue.seconds))
    }

    public init(_ id: FieldID, list: [String]) {
        self.init(id, value: .list(list))
    }

    public init(_ id: FieldID, map: [String: String]) {
        self.init(id, value: .map(map))
    }

    /// A map from name=value pairs; a name given twice keeps its last value, as ECS and CodeBuild do.
    public init(_ id: FieldID, pairs: [(String, String)]) {
        self.init(id, value: .map(Dictionary(pairs, uniquingKeysWith: { $1 })))
    }

    public init(_ id: FieldID, document: String?) {
        self.init(id, value: document.map(FieldValue.document))
    }

    public var name: String { id.label }
}
