/// The `slipway:` tags a resource carries, compared and shown as one field.
public struct SlipwayTags: Sendable, Equatable {
    public let values: [String: String]

    public init(_ values: [String: String]) {
        self.values = values
    }

    /// Only the `slipway:` tags of what AWS returned: other tags are the user's business, and
    /// the fingerprint is Slipway's note of what it wrote, not a tag the file asks for.
    public init(live: [String: String]) {
        values = live.filter { $0.key.hasPrefix("slipway:") && $0.key != Fingerprint.tagKey }
    }

    /// The same from tags whose key and value the API model leaves optional (ECS, CodeBuild):
    /// a tag without a key is no tag, one without a value has the empty value.
    public init(live pairs: [(key: String?, value: String?)]) {
        self.init(live: Dictionary(pairs.compactMap { pair in pair.key.map { ($0, pair.value ?? "") } }, uniquingKeysWith: { $1 }))
    }

    public var field: Field { Field(.tags, map: values) }

    public func isOwned(by app: String) -> Bool {
        values["slipway:app"] == app
    }

    public var sortedPairs: [(key: String, value: String)] {
        values.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    }
}
