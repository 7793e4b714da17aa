/// A field whose live value differs from the desired one (or, in a create, every desired field).
public struct FieldChange: Sendable, Equatable {
    public let id: FieldID
    public let old: FieldValue?
    public let new: FieldValue?

    public init(_ id: FieldID, old: FieldValue?, new: FieldValue?) {
        self.id = id
        self.old = old
        self.new = new
    }

    public var name: String { id.label }
    public var sensitive: Bool { id.sensitive }
    public var forcesReplacement: Bool { id.forcesReplacement }

    /// The desired value's kind (the live one's when nothing is desired); a sensitive scalar is a secret.
    public var kind: FieldKind {
        let kind = (new ?? old)?.kind ?? .scalar
        return kind == .scalar && sensitive ? .secret : kind
    }

    public var oldDisplay: String { display(old) }
    public var newDisplay: String { display(new) }

    private func display(_ value: FieldValue?) -> String {
        guard let value else { return "(none)" }
        return sensitive ? "(sensitive)" : value.text
    }

    /// Compares desired with live, field by field (joined on their `FieldID`), skipping
    /// write-only fields.
    public static func diff(desired: [Field], live: [Field]) -> [FieldChange] {
        let liveByID = Dictionary(live.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return desired.compactMap { field in
            guard !field.id.writeOnly else { return nil }
            let current = liveByID[field.id]?.value
            guard !Self.same(current, field.value) else { return nil }
            return FieldChange(field.id, old: current, new: field.value)
        }
    }

    /// Equal values (`FieldValue.matches`); an empty list or map is the same as none.
    static func same(_ a: FieldValue?, _ b: FieldValue?) -> Bool {
        func normal(_ value: FieldValue?) -> FieldValue? {
            switch value {
            case .list(let items) where items.isEmpty: nil
            case .map(let entries) where entries.isEmpty: nil
            default: value
            }
        }
        switch (normal(a), normal(b)) {
        case (nil, nil): return true
        case (let a?, let b?): return a.matches(b)
        default: return false
        }
    }
}

/// How a list or a map field changed, element by element or key by key.
public enum ElementChange: Sendable, Equatable {
    case added(key: String, value: String?)
    case removed(key: String, value: String?)
    case changed(key: String, old: String, new: String)
    /// Entries the diff leaves out because they did not change.
    case unchanged(count: Int)
}

extension FieldChange {
    /// A list's elements gone and new (in their order), or a map's keys added, removed and
    /// changed (by key); nil for scalars and documents. Values of a sensitive field are nil.
    public var elementChanges: [ElementChange]? {
        switch kind {
        case .list: listChanges(Self.items(old), Self.items(new))
        case .map: mapChanges(Self.entries(old), Self.entries(new))
        case .scalar, .document, .secret: nil
        }
    }

    private static func items(_ value: FieldValue?) -> [String] {
        if case .list(let items)? = value { return items }
        return []
    }

    private static func entries(_ value: FieldValue?) -> [String: String] {
        if case .map(let entries)? = value { return entries }
        return [:]
    }

    private func listChanges(_ before: [String], _ after: [String]) -> [ElementChange] {
        let kept = Set(before).intersection(after)
        let removed = before.filter { !kept.contains($0) }.map { ElementChange.removed(key: $0, value: nil) }
        let added = after.filter { !kept.contains($0) }.map { ElementChange.added(key: $0, value: nil) }
        let unchanged = after.filter { kept.contains($0) }.count
        return removed + added + (unchanged > 0 ? [.unchanged(count: unchanged)] : [])
    }

    private func mapChanges(_ before: [String: String], _ after: [String: String]) -> [ElementChange] {
        var changes: [ElementChange] = []
        var unchanged = 0
        for key in Set(before.keys).union(after.keys).sorted() {
            let shown = { (value: String) in self.sensitive ? nil : value }
            switch (before[key], after[key]) {
            case (nil, let value?): changes.append(.added(key: key, value: shown(value)))
            case (let value?, nil): changes.append(.removed(key: key, value: shown(value)))
            case (let old?, let new?) where old != new:
                changes.append(.changed(key: key, old: sensitive ? "(sensitive)" : old, new: sensitive ? "(sensitive)" : new))
            default: unchanged += 1
            }
        }
        return changes + (unchanged > 0 ? [.unchanged(count: unchanged)] : [])
    }
}
