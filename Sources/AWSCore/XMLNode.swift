/// An XML element as AWS's Query and REST-XML protocols return them. A small parser of
/// our own keeps the deployer free of libxml2.
public struct XMLNode: Sendable, Equatable {
    public var name: String
    public var attributes: [String: String]
    public var children: [XMLNode]
    public var text: String

    public init(name: String, attributes: [String: String] = [:], children: [XMLNode] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child with that name.
    public subscript(name: String) -> XMLNode? {
        children.first { $0.name == name }
    }

    public func all(_ name: String) -> [XMLNode] {
        children.filter { $0.name == name }
    }

    /// The text of the first element of that name anywhere below, depth first.
    public func find(_ name: String) -> XMLNode? {
        for child in children {
            if child.name == name { return child }
            if let found = child.find(name) { return found }
        }
        return nil
    }

    public static func parse(_ bytes: some Collection<UInt8>) throws -> XMLNode {
        var parser = XMLParserState(Array(bytes))
        return try parser.document()
    }
}

public struct XMLParseError: Error, Sendable, CustomStringConvertible {
    public let offset: Int
    public let reason: String
    public var description: String { "malformed XML at byte \(offset): \(reason)" }
}

struct XMLParserState {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func document() throws -> XMLNode {
        while true {
            skipWhitespace()
            if starts(with: "<?") { try skip(past: "?>") }
            else if starts(with: "<!--") { try skip(past: "-->") }
            else if starts(with: "<!") { try skip(past: ">") }
            else { break }
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "<") else { throw failure("expected a root element") }
        return try element()
    }

    mutating func element() throws -> XMLNode {
        index += 1
        let name = readName()
        guard !name.isEmpty else { throw failure("expected an element name") }
        var node = XMLNode(name: localName(name))
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw failure("unterminated tag <\(name)>") }
            if starts(with: "/>") { index += 2; return node }
            if bytes[index] == UInt8(ascii: ">") { index += 1; break }
            let attribute = readName()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { throw failure("expected = after attribute \(attribute)") }
            index += 1
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else { throw failure("expected a quoted attribute value") }
            let quote = bytes[index]
            index += 1
            let start = index
            while index < bytes.count, bytes[index] != quote { index += 1 }
            node.attributes[attribute] = Self.unescape(bytes[start..<min(index, bytes.count)])
            index += 1
        }
        var text: [UInt8] = []
        while index < bytes.count {
            if starts(with: "</") {
                index += 2
                let closing = readName()
                guard closing == name else { throw failure("</\(closing)> closes <\(name)>") }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw failure("expected >") }
                index += 1
                node.text = Self.unescape(text[...])
                return node
            } else if starts(with: "<![CDATA[") {
                index += 9
                let start = index
                try skip(past: "]]>")
                // CDATA is literal: escape what unescape would otherwise interpret.
                text += String(decoding: bytes[start..<(index - 3)], as: UTF8.self).replacing("&", with: "&amp;").utf8
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if bytes[index] == UInt8(ascii: "<") {
                node.children.append(try element())
            } else {
                text.append(bytes[index])
                index += 1
            }
        }
        throw failure("unterminated element <\(name)>")
    }

    private func localName(_ name: String) -> String {
        name.split(separator: ":").last.map(String.init) ?? name
    }

    private mutating func readName() -> String {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
                || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") { break }
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t")].contains(bytes[index]) {
            index += 1
        }
    }

    private func starts(with literal: String) -> Bool {
        let pattern = Array(literal.utf8)
        guard index + pattern.count <= bytes.count else { return false }
        return bytes[index..<(index + pattern.count)].elementsEqual(pattern)
    }

    private mutating func skip(past literal: String) throws {
        while index < bytes.count {
            if starts(with: literal) { index += literal.utf8.count; return }
            index += 1
        }
        throw failure("expected \(literal)")
    }

    private func failure(_ reason: String) -> XMLParseError {
        XMLParseError(offset: index, reason: reason)
    }

    static func unescape(_ raw: ArraySlice<UInt8>) -> String {
        let text = String(decoding: raw, as: UTF8.self)
        guard text.contains("&") else { return text }
        var result = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { break }
            let entity = rest[rest.index(after: amp)..<semicolon]
            switch entity {
            case "lt": result += "<"
            case "gt": result += ">"
            case "amp": result += "&"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                if entity.hasPrefix("#x"), let code = UInt32(entity.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(code) {
                    result.unicodeScalars.append(scalar)
                } else if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += "&\(entity);"
                }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}
