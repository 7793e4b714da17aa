/// What a field's value is, for showing it: a JSON document (an IAM policy, the deployer's
/// parameters) is shown indented and diffed line by line; plain text as it is.
public enum FieldKind: String, Sendable, Codable {
    case text
    case document
}

/// One attribute of a resource as the plan compares and shows it.
public struct Field: Sendable, Equatable {
    public let name: String
    public let value: String
    public let kind: FieldKind
    /// Shown as `(sensitive)`, never in clear.
    public let sensitive: Bool
    /// AWS cannot read it back (a GitHub OAuth token comes back as `****`): never compared.
    public let writeOnly: Bool
    /// A change to it needs the resource deleted and created again.
    public let forcesReplacement: Bool

    public init(_ name: String, _ value: String, kind: FieldKind = .text, sensitive: Bool = false, writeOnly: Bool = false,
                forcesReplacement: Bool = false) {
        self.name = name
        self.value = value
        self.kind = kind
        self.sensitive = sensitive || writeOnly
        self.writeOnly = writeOnly
        self.forcesReplacement = forcesReplacement
    }

    public var displayValue: String { sensitive ? "(sensitive)" : value }
}

/// A field whose live value differs from the desired one.
public struct FieldChange: Sendable, Equatable {
    public let name: String
    public let old: String?
    public let new: String?
    public let kind: FieldKind
    public let sensitive: Bool
    public let forcesReplacement: Bool

    public init(name: String, old: String?, new: String?, kind: FieldKind = .text, sensitive: Bool = false, forcesReplacement: Bool = false) {
        self.name = name
        self.old = old
        self.new = new
        self.kind = kind
        self.sensitive = sensitive
        self.forcesReplacement = forcesReplacement
    }

    public var oldDisplay: String { display(old) }
    public var newDisplay: String { display(new) }

    private func display(_ value: String?) -> String {
        guard let value else { return "(none)" }
        return sensitive ? "(sensitive)" : value
    }

    /// Compares desired with live, field by field, skipping write-only fields.
    public static func diff(desired: [Field], live: [Field]) -> [FieldChange] {
        let liveByName = Dictionary(live.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return desired.compactMap { field in
            guard !field.writeOnly else { return nil }
            let current = liveByName[field.name]?.value
            guard current != field.value else { return nil }
            return FieldChange(name: field.name, old: current, new: field.value, kind: field.kind, sensitive: field.sensitive,
                               forcesReplacement: field.forcesReplacement)
        }
    }
}
