import AWSCore

/// An IAM policy document, written in a fixed form so that equal policies render equally.
public struct PolicyDocument: Sendable, Equatable, Encodable {
    public struct Statement: Sendable, Equatable, Encodable {
        public var sid: String?
        public var effect: String
        public var principal: [String: String]?
        public var actions: [String]
        public var resources: [String]?
        public var condition: [String: [String: String]]?

        enum CodingKeys: String, CodingKey {
            case sid = "Sid", effect = "Effect", principal = "Principal", actions = "Action", resources = "Resource", condition = "Condition"
        }

        public init(sid: String? = nil, effect: String = "Allow", principal: [String: String]? = nil,
                    actions: [String], resources: [String]? = nil, condition: [String: [String: String]]? = nil) {
            self.sid = sid
            self.effect = effect
            self.principal = principal
            self.actions = actions
            self.resources = resources
            self.condition = condition
        }
    }

    public var version = "2012-10-17"
    public var statements: [Statement]

    enum CodingKeys: String, CodingKey {
        case version = "Version", statements = "Statement"
    }

    public init(_ statements: [Statement]) {
        self.statements = statements
    }

    /// A trust policy letting one AWS service assume the role. One service per statement, with the
    /// principal as a single string: CodePipeline (and moto) refuse a list there.
    public static func trust(service: String) -> PolicyDocument {
        PolicyDocument([Statement(principal: ["Service": service], actions: ["sts:AssumeRole"])])
    }

    public var jsonText: String {
        (try? JSONValue.from(self).jsonText()) ?? "{}"
    }

    /// The canonical text of any policy JSON (as AWS returns it), for comparing with ours:
    /// sorted keys, and one-element lists the same as their element.
    public static func canonical(_ text: String) -> String {
        guard let value = try? JSONValue.parse(Array(text.utf8)) else { return text }
        return normalize(value).jsonText()
    }

    static func normalize(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items) where items.count == 1:
            return normalize(items[0])
        case .array(let items):
            return .array(items.map(normalize))
        case .object(let members):
            return .object(members.mapValues(normalize))
        default:
            return value
        }
    }

    public var canonicalText: String { Self.canonical(jsonText) }
}
