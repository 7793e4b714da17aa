/// Decodes a `Decodable` shape from an XML element: members are child elements of the same
/// name; lists are either wrapped (`<Roles><member>…</member></Roles>`, `<TagSet><Tag>…`) or
/// flattened (repeated `<Contents>` elements), as the AWS protocols write them.
public enum XMLShapeDecoder {
    public static func decode<T: Decodable>(_ type: T.Type, from node: XMLNode) throws -> T {
        try T(from: XMLElementDecoder(node: node, codingPath: []))
    }
}

struct XMLElementDecoder: Decoder {
    let node: XMLNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(XMLKeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        XMLListContainer(items: Self.listItems(of: node), codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        XMLValueContainer(node: node, codingPath: codingPath)
    }

    /// A wrapper element's items: its children when they all share one name.
    static func listItems(of wrapper: XMLNode) -> [XMLNode] {
        guard let first = wrapper.children.first else { return [] }
        return wrapper.children.allSatisfy { $0.name == first.name } ? wrapper.children : [wrapper]
    }

    /// Decodes one element, handling the types whose XML form differs from their Codable form.
    static func decode<T: Decodable>(_ type: T.Type, from node: XMLNode, codingPath: [any CodingKey]) throws -> T {
        if T.self == Date.self {
            guard let date = ISO8601Timestamp.parse(node.text.trimmed()) as? T else {
                throw DecodingError.typeMismatch(T.self, .init(codingPath: codingPath, debugDescription: "<\(node.name)> holds \"\(node.text)\", not a timestamp"))
            }
            return date
        }
        if T.self == [String: String].self, let map = Dictionary(mapEntries(of: node).map { ($0.0, $0.1.text) }, uniquingKeysWith: { $1 }) as? T {
            return map
        }
        return try T(from: XMLElementDecoder(node: node, codingPath: codingPath))
    }

    /// A map's entries: `<entry><key>…</key><value>…</value></entry>`.
    static func mapEntries(of wrapper: XMLNode) -> [(String, XMLNode)] {
        wrapper.children.compactMap { entry in
            guard let key = entry["key"] ?? entry["Key"], let value = entry["value"] ?? entry["Value"] else { return nil }
            return (key.text, value)
        }
    }
}

struct XMLKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let node: XMLNode
    let codingPath: [any CodingKey]

    var allKeys: [Key] { node.children.compactMap { Key(stringValue: $0.name) } }

    func contains(_ key: Key) -> Bool { node[key.stringValue] != nil }

    func decodeNil(forKey key: Key) throws -> Bool { node[key.stringValue] == nil }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let matches = node.all(key.stringValue)
        guard let first = matches.first else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no <\(key.stringValue)> in <\(node.name)>"))
        }
        // Flattened lists repeat the member's element; hand the decoder a synthetic wrapper.
        // A flattened list of one looks like a wrapper, unless the list's type says otherwise.
        let isFlattenedSingle = (T.self as? any XMLListShape.Type)?.isFlattenedSingleItem(first) ?? false
        let element = matches.count > 1 || isFlattenedSingle ? XMLNode(name: key.stringValue, children: matches) : first
        return try XMLElementDecoder.decode(T.self, from: element, codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let child = node[key.stringValue] ?? XMLNode(name: key.stringValue)
        return KeyedDecodingContainer(XMLKeyedContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let child = node[key.stringValue] ?? XMLNode(name: key.stringValue)
        return XMLListContainer(items: XMLElementDecoder.listItems(of: child), codingPath: codingPath + [key])
    }

    func superDecoder() throws -> any Decoder { XMLElementDecoder(node: node, codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        XMLElementDecoder(node: node[key.stringValue] ?? XMLNode(name: key.stringValue), codingPath: codingPath + [key])
    }
}

struct XMLListContainer: UnkeyedDecodingContainer {
    let items: [XMLNode]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard !isAtEnd else { throw DecodingError.valueNotFound(T.self, .init(codingPath: codingPath, debugDescription: "list ended")) }
        defer { currentIndex += 1 }
        return try XMLElementDecoder.decode(T.self, from: items[currentIndex], codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        defer { currentIndex += 1 }
        return KeyedDecodingContainer(XMLKeyedContainer<NestedKey>(node: items[currentIndex], codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        defer { currentIndex += 1 }
        return XMLListContainer(items: XMLElementDecoder.listItems(of: items[currentIndex]), codingPath: codingPath)
    }

    mutating func superDecoder() throws -> any Decoder {
        defer { currentIndex += 1 }
        return XMLElementDecoder(node: items[currentIndex], codingPath: codingPath)
    }
}

struct XMLValueContainer: SingleValueDecodingContainer {
    let node: XMLNode
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool {
        switch node.text.trimmed() {
        case "true": return true
        case "false": return false
        default: throw mismatch(type)
        }
    }
    func decode(_ type: String.Type) throws -> String { node.text }
    func decode(_ type: Double.Type) throws -> Double { try number(type) }
    func decode(_ type: Float.Type) throws -> Float { try number(type) }
    func decode(_ type: Int.Type) throws -> Int { try number(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try number(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try number(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try number(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try number(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try number(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try number(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try number(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try number(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try number(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try XMLElementDecoder.decode(T.self, from: node, codingPath: codingPath)
    }

    private func number<T: LosslessStringConvertible>(_ type: T.Type) throws -> T {
        guard let value = T(node.text.trimmed()) else { throw mismatch(type) }
        return value
    }

    private func mismatch(_ type: Any.Type) -> DecodingError {
        .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "<\(node.name)> holds \"\(node.text)\""))
    }
}


/// A list type, so that the decoder can tell a flattened list of one element (`<CommonPrefixes>
/// <Prefix>a/</Prefix></CommonPrefixes>`) from a wrapped list (`<TagSet><Tag>…</Tag></TagSet>`):
/// both are one element whose children share one name.
protocol XMLListShape {
    static func isFlattenedSingleItem(_ node: XMLNode) -> Bool
}

extension Array: XMLListShape where Element: Decodable {
    /// True when `node` is itself one item: it holds text and no elements, or its children are
    /// members of the item's shape (the first ones the shape asks for) rather than items.
    static func isFlattenedSingleItem(_ node: XMLNode) -> Bool {
        guard let first = node.children.first else { return !node.text.trimmed().isEmpty }
        guard node.children.allSatisfy({ $0.name == first.name }) else { return false }
        let probe = XMLKeyProbe()
        _ = try? Element(from: probe)
        return probe.requestedKeys.contains(first.name)
    }
}

/// A decoder that answers nothing and notes the keys a shape asks for, in order, up to its
/// first required member.
final class XMLKeyProbe: Decoder {
    struct Stop: Error {}
    var requestedKeys: [String] = []
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Container<Key>(probe: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw Stop() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { throw Stop() }

    struct Container<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let probe: XMLKeyProbe
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool {
            probe.requestedKeys.append(key.stringValue)
            return false
        }

        func decodeNil(forKey key: Key) throws -> Bool { true }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            probe.requestedKeys.append(key.stringValue)
            throw Stop()
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            probe.requestedKeys.append(key.stringValue)
            throw Stop()
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            probe.requestedKeys.append(key.stringValue)
            throw Stop()
        }

        func superDecoder() throws -> any Decoder { throw Stop() }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw Stop() }
    }
}
