import AWSCore
import Foundation

/// A value of one of a protocol suite's shapes, encoded and decoded the way a generated shape of
/// that type would be (a timestamp as `Date`, a blob as base64 text, a list as an unkeyed
/// container, a structure or map as a keyed one), so that AWSCore's own serializers and parsers
/// do the work the suite checks.
struct ProtocolShapeValue: Codable {
    /// The suite's shapes and the shape being decoded: `init(from:)` has no other way to learn it.
    @TaskLocal static var shapes: [String: JSONValue] = [:]
    @TaskLocal static var decoding: JSONValue = .object([:])
    /// Decoding XML, where a generated map of strings is a `[String: String]` (AWSCore reads
    /// those from `entry`/`key`/`value` elements).
    @TaskLocal static var xml = false

    let shape: JSONValue
    let value: JSONValue

    struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    static func target(_ reference: JSONValue?) -> JSONValue {
        reference?["shape"]?.stringValue.flatMap { shapes[$0] } ?? .object([:])
    }

    /// Encoding for EC2, whose request names are `queryName`, or `locationName` capitalized, as
    /// the generator writes a shape's keys.
    @TaskLocal static var ec2Input = false

    /// A member's name on the wire.
    static func wireName(_ member: String, _ definition: JSONValue) -> String {
        if ec2Input {
            if let name = definition["queryName"]?.stringValue { return name }
            if let name = definition["locationName"]?.stringValue { return name.prefix(1).uppercased() + name.dropFirst() }
            return member
        }
        return definition["locationName"]?.stringValue ?? member
    }

    func encode(to encoder: any Encoder) throws {
        switch shape["type"]?.stringValue {
        case "structure":
            var container = encoder.container(keyedBy: Key.self)
            guard case .object(let members)? = shape["members"], case .object(let values) = value else { return }
            for (name, definition) in members.sorted(by: { $0.key < $1.key }) {
                guard let member = values[name], member != .null else { continue }
                try container.encode(ProtocolShapeValue(shape: Self.target(definition), value: member),
                                     forKey: Key(stringValue: Self.wireName(name, definition)))
            }
        case "map":
            // As a dictionary, the way a generated map is one.
            guard case .object(let entries) = value else { return }
            var container = encoder.singleValueContainer()
            try container.encode(entries.mapValues { ProtocolShapeValue(shape: Self.target(shape["value"]), value: $0) })
        case "list":
            var container = encoder.unkeyedContainer()
            guard case .array(let items) = value else { return }
            for item in items { try container.encode(ProtocolShapeValue(shape: Self.target(shape["member"]), value: item)) }
        case "timestamp":
            var container = encoder.singleValueContainer()
            if case .number(let seconds) = value { try container.encode(Date(timeIntervalSince1970: seconds)) }
        case "blob":
            var container = encoder.singleValueContainer()
            try container.encode(Data((value.stringValue ?? "").utf8).base64EncodedString())
        case "integer", "long", "short", "byte":
            var container = encoder.singleValueContainer()
            if case .number(let number) = value { try container.encode(Int64(number)) }
        case "float", "double":
            var container = encoder.singleValueContainer()
            switch value {
            case .number(let number): try container.encode(number)
            case .string(let special): try container.encode(Double(special) ?? .nan)
            default: break
            }
        default:
            try value.encode(to: encoder)
        }
    }

    init(shape: JSONValue, value: JSONValue) {
        self.shape = shape
        self.value = value
    }

    init(from decoder: any Decoder) throws {
        let shape = Self.decoding
        self.shape = shape
        switch shape["type"]?.stringValue {
        case "structure":
            let container = try decoder.container(keyedBy: Key.self)
            var values: [String: JSONValue] = [:]
            if case .object(let members)? = shape["members"] {
                for (name, definition) in members {
                    let key = Key(stringValue: Self.wireName(name, definition))
                    guard container.contains(key), try !container.decodeNil(forKey: key) else { continue }
                    let target = Self.target(definition)
                    if Self.xml, target["type"]?.stringValue == "map", Self.target(target["value"])["type"]?.stringValue == "string" {
                        values[name] = .object(try container.decode([String: String].self, forKey: key).mapValues(JSONValue.string))
                        continue
                    }
                    values[name] = try Self.$decoding.withValue(target) {
                        try container.decode(ProtocolShapeValue.self, forKey: key).value
                    }
                }
            }
            value = .object(values)
        case "map":
            let container = try decoder.container(keyedBy: Key.self)
            var values: [String: JSONValue] = [:]
            for key in container.allKeys {
                values[key.stringValue] = try Self.$decoding.withValue(Self.target(shape["value"])) {
                    try container.decode(ProtocolShapeValue.self, forKey: key).value
                }
            }
            value = .object(values)
        case "list":
            var container = try decoder.unkeyedContainer()
            var items: [JSONValue] = []
            while !container.isAtEnd {
                items.append(try Self.$decoding.withValue(Self.target(shape["member"])) {
                    try container.decode(ProtocolShapeValue.self).value
                })
            }
            value = .array(items)
        case "timestamp":
            value = .number(try decoder.singleValueContainer().decode(Date.self).timeIntervalSince1970)
        case "blob":
            let text = try decoder.singleValueContainer().decode(String.self)
            value = .string(Data(base64Encoded: text).map { String(decoding: $0, as: UTF8.self) } ?? text)
        case "boolean":
            value = .bool(try decoder.singleValueContainer().decode(Bool.self))
        case "integer", "long", "short", "byte":
            value = .number(Double(try decoder.singleValueContainer().decode(Int64.self)))
        case "float", "double":
            value = .number(try decoder.singleValueContainer().decode(Double.self))
        default:
            value = .string(try decoder.singleValueContainer().decode(String.self))
        }
    }
}
