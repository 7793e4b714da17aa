/// A value in the file with the dotted path that names it in messages (`services.web.cpu`).
struct ConfigField: Sendable {
    /// Empty for the document's root.
    let path: String
    /// The mapping key this value sits under; empty for the root and list items.
    var key: String = ""
    /// Where the key was written (for list items and the root, where the value starts).
    let keyPosition: SourcePosition
    let node: ConfigNode

    /// Where an error about the value points: the value, or its key when the value is empty.
    var position: SourcePosition { node.isNull ? keyPosition : node.position }

    /// How messages name this value.
    var name: String { path.isEmpty ? "the top level" : path }

    func child(_ key: String, keyPosition: SourcePosition, node: ConfigNode) -> ConfigField {
        ConfigField(path: path.isEmpty ? key : "\(path).\(key)", key: key, keyPosition: keyPosition, node: node)
    }
}

/// The entries of a mapping whose keys have been checked against the keys allowed there.
struct FieldMap: Sendable {
    let owner: ConfigField
    let fields: [ConfigField]

    subscript(key: String) -> ConfigField? {
        fields.first { $0.key == key }
    }
}
