/// A YAML node reduced to what validation needs: its shape, its text and where it was written.
///
/// Mapping keys keep their order and are plain strings, with duplicates already reported and
/// dropped, so the readers never deal with Yams' representation or its aliases.
struct ConfigNode: Sendable {
    enum ScalarType: Sendable, Equatable {
        case string
        /// nil when the number does not fit an `Int`.
        case integer(Int?)
        case boolean(Bool)
        case float
        case null
        /// A scalar of another YAML type (a timestamp, a custom tag): never what Slipway wants.
        case other
    }

    struct Entry: Sendable {
        let key: String
        let keyPosition: SourcePosition
        let value: ConfigNode
    }

    enum Content: Sendable {
        case scalar(String, ScalarType)
        case mapping([Entry])
        case sequence([ConfigNode])
    }

    let content: Content
    let position: SourcePosition

    var isNull: Bool {
        if case .scalar(_, .null) = content { return true }
        return false
    }
}
