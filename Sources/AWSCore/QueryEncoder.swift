import AWSSigV4

/// Encodes a request shape as Query parameters, in either dialect:
/// - Query (IAM, STS, ELBv2, SNS): lists as `Name.member.N` (an empty list as the bare name),
///   maps as `Name.entry.N.key`/`.value`, nested members as `Name.Member`;
/// - EC2: lists as `Name.N`, an empty list left out. The member names are the shape's coding
///   keys, which the generator writes as EC2 wants them (`queryName`, or `locationName`
///   capitalized).
///
/// Timestamps are ISO 8601, NaN and the infinities are words, as in JSON.
public enum QueryEncoder {
    public enum Dialect: Sendable {
        case query
        case ec2
    }

    public static func parameters(action: String, version: String, input: some Encodable, dialect: Dialect = .query) throws -> [(String, String)] {
        let writer = QueryWriter(dialect: dialect)
        try writer.write(input, at: "")
        return [("Action", action), ("Version", version)] + writer.parameters
    }

    public static func formBody(_ parameters: [(String, String)]) -> String {
        parameters.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
    }

    /// `application/x-www-form-urlencoded` as botocore writes it (space as `+`): moto checks the
    /// signature over the form it re-encodes that way, and AWS reads both forms.
    static func formEncode(_ text: String) -> String {
        URIEncoding.encode(text).replacing("%20", with: "+")
    }
}

/// A map as Query writes it: one `entry.N` per key, in key order.
protocol QueryMap {
    func writeEntries(to writer: QueryWriter, at prefix: String) throws
}

extension Dictionary: QueryMap where Key == String, Value: Encodable {
    func writeEntries(to writer: QueryWriter, at prefix: String) throws {
        for (index, key) in keys.sorted().enumerated() {
            let entry = "\(prefix).entry.\(index + 1)"
            writer.append(key, at: "\(entry).key")
            try writer.write(self[key]!, at: "\(entry).value")
        }
    }
}

/// Collects the parameters as an `Encoder` walks the shape.
final class QueryWriter {
    let dialect: QueryEncoder.Dialect
    private(set) var parameters: [(String, String)] = []

    init(dialect: QueryEncoder.Dialect) {
        self.dialect = dialect
    }

    func append(_ value: String, at name: String) {
        parameters.append((name, value))
    }

    func write<Value: Encodable>(_ value: Value, at name: String) throws {
        switch value {
        case let text as String: append(text, at: name)
        case let flag as Bool: append(flag ? "true" : "false", at: name)
        case let date as Date: append(ISO8601Timestamp.format(date), at: name)
        case let number as Double: append(Self.format(number), at: name)
        case let number as Float: append(Self.format(Double(number)), at: name)
        case let number as any BinaryInteger: append("\(number)", at: name)
        case let map as any QueryMap: try map.writeEntries(to: self, at: name)
        default: try value.encode(to: QueryValueEncoder(writer: self, name: name, codingPath: []))
        }
    }

    func itemName(of list: String, _ index: Int) -> String {
        switch dialect {
        case .query: "\(list).member.\(index)"
        case .ec2: "\(list).\(index)"
        }
    }

    /// Query sends an empty list as its bare name (AWS reads it as "empty"); EC2 leaves it out.
    func finishList(_ name: String, count: Int) {
        if count == 0, dialect == .query { append("", at: name) }
    }

    static func member(_ key: some CodingKey, of name: String) -> String {
        name.isEmpty ? key.stringValue : "\(name).\(key.stringValue)"
    }

    static func format(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        return number == number.rounded() && abs(number) < 1e18 ? String(Int64(number)) : String(number)
    }
}

struct QueryValueEncoder: Encoder {
    let writer: QueryWriter
    let name: String
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(QueryKeyedContainer<Key>(writer: writer, name: name, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        QueryListContainer(writer: writer, name: name, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        QuerySingleValueContainer(writer: writer, name: name, codingPath: codingPath)
    }
}

struct QueryKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: QueryWriter
    let name: String
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) {}

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try writer.write(value, at: QueryWriter.member(key, of: name))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(QueryKeyedContainer<NestedKey>(writer: writer, name: QueryWriter.member(key, of: name), codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        QueryListContainer(writer: writer, name: QueryWriter.member(key, of: name), codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { QueryValueEncoder(writer: writer, name: name, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        QueryValueEncoder(writer: writer, name: QueryWriter.member(key, of: name), codingPath: codingPath + [key])
    }
}

/// A list's items; the list is finished (an empty one written as Query wants) when the container goes.
final class QueryListContainer: UnkeyedEncodingContainer {
    let writer: QueryWriter
    let name: String
    let codingPath: [any CodingKey]
    private(set) var count = 0

    init(writer: QueryWriter, name: String, codingPath: [any CodingKey]) {
        self.writer = writer
        self.name = name
        self.codingPath = codingPath
    }

    deinit { writer.finishList(name, count: count) }

    private func nextName() -> String {
        count += 1
        return writer.itemName(of: name, count)
    }

    func encodeNil() {}

    func encode<T: Encodable>(_ value: T) throws {
        try writer.write(value, at: nextName())
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(QueryKeyedContainer<NestedKey>(writer: writer, name: nextName(), codingPath: codingPath))
    }

    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        QueryListContainer(writer: writer, name: nextName(), codingPath: codingPath)
    }

    func superEncoder() -> any Encoder { QueryValueEncoder(writer: writer, name: nextName(), codingPath: codingPath) }
}

struct QuerySingleValueContainer: SingleValueEncodingContainer {
    let writer: QueryWriter
    let name: String
    let codingPath: [any CodingKey]

    mutating func encodeNil() {}
    mutating func encode<T: Encodable>(_ value: T) throws { try writer.write(value, at: name) }
}
