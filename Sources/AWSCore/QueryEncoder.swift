import AWSSigV4

/// Encodes a request shape for the Query protocol (IAM, STS): `Name=value`, lists as
/// `Name.member.N`, maps as `Name.entry.N.key`/`.value`, nested shapes as `Name.Member`.
public enum QueryEncoder {
    public static func parameters(action: String, version: String, input: some Encodable) throws -> [(String, String)] {
        var result: [(String, String)] = [("Action", action), ("Version", version)]
        // Query's timestamps are ISO 8601 text; its NaN and infinities are words, as in JSON.
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601Timestamp.format(date))
        }
        encoder.nonConformingFloatEncodingStrategy = AWSClient.nonConformingFloats
        let value = try JSONDecoder().decode(JSONValue.self, from: encoder.encode(input))
        flatten(value, prefix: "", into: &result)
        return result
    }

    public static func formBody(_ parameters: [(String, String)]) -> String {
        parameters.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
    }

    /// `application/x-www-form-urlencoded` as botocore writes it (space as `+`): moto checks the
    /// signature over the form it re-encodes that way, and AWS reads both forms.
    static func formEncode(_ text: String) -> String {
        URIEncoding.encode(text).replacing("%20", with: "+")
    }

    private static func flatten(_ value: JSONValue, prefix: String, into result: inout [(String, String)]) {
        switch value {
        case .null:
            return
        case .bool(let flag):
            result.append((prefix, flag ? "true" : "false"))
        case .number(let number):
            result.append((prefix, number == number.rounded() ? String(Int64(number)) : String(number)))
        case .string(let text):
            result.append((prefix, text))
        case .array(let items):
            // An empty list is sent as the bare name, which AWS reads as "empty".
            if items.isEmpty { result.append((prefix, "")) }
            for (index, item) in items.enumerated() {
                flatten(item, prefix: "\(prefix).member.\(index + 1)", into: &result)
            }
        case .object(let members):
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                flatten(member, prefix: prefix.isEmpty ? key : "\(prefix).\(key)", into: &result)
            }
        }
    }
}
