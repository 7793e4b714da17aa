import AWSCore

// The shapes that several S3 operations share, named as in S3's API model, and how they are
// written to and read from S3's XML. S3 "flattens" some lists (repeated `<Rule>`, `<Contents>`,
// `<Version>` elements with no wrapper); those are read element by element here, because a
// lone flattened item cannot be told apart from a wrapper by XMLShapeDecoder.
extension S3 {
    public struct Tag: Codable, Sendable, Hashable {
        public var Key: String
        public var Value: String

        public init(Key: String, Value: String) {
            self.Key = Key
            self.Value = Value
        }
    }

    public struct Tagging: Codable, Sendable, Equatable {
        public var TagSet: [Tag]

        public init(TagSet: [Tag]) {
            self.TagSet = TagSet
        }
    }

    public struct CreateBucketConfiguration: Codable, Sendable, Equatable {
        /// The bucket's region; S3 refuses `us-east-1` here (that region takes no configuration).
        public var LocationConstraint: String?

        public init(LocationConstraint: String? = nil) {
            self.LocationConstraint = LocationConstraint
        }
    }

    public struct ServerSideEncryptionByDefault: Codable, Sendable, Equatable {
        /// `AES256` (SSE-S3) or `aws:kms` (SSE-KMS).
        public var SSEAlgorithm: String
        /// The KMS key for `aws:kms`; nil means the account's `aws/s3` key.
        public var KMSMasterKeyID: String?

        public init(SSEAlgorithm: String, KMSMasterKeyID: String? = nil) {
            self.SSEAlgorithm = SSEAlgorithm
            self.KMSMasterKeyID = KMSMasterKeyID
        }
    }

    public struct ServerSideEncryptionRule: Codable, Sendable, Equatable {
        public var ApplyServerSideEncryptionByDefault: ServerSideEncryptionByDefault?
        public var BucketKeyEnabled: Bool?

        public init(ApplyServerSideEncryptionByDefault: ServerSideEncryptionByDefault? = nil, BucketKeyEnabled: Bool? = nil) {
            self.ApplyServerSideEncryptionByDefault = ApplyServerSideEncryptionByDefault
            self.BucketKeyEnabled = BucketKeyEnabled
        }
    }

    public struct ServerSideEncryptionConfiguration: Codable, Sendable, Equatable {
        public var Rules: [ServerSideEncryptionRule]

        public init(Rules: [ServerSideEncryptionRule]) {
            self.Rules = Rules
        }
    }

    public struct PublicAccessBlockConfiguration: Codable, Sendable, Equatable {
        public var BlockPublicAcls: Bool?
        public var IgnorePublicAcls: Bool?
        public var BlockPublicPolicy: Bool?
        public var RestrictPublicBuckets: Bool?

        public init(BlockPublicAcls: Bool? = nil, IgnorePublicAcls: Bool? = nil, BlockPublicPolicy: Bool? = nil, RestrictPublicBuckets: Bool? = nil) {
            self.BlockPublicAcls = BlockPublicAcls
            self.IgnorePublicAcls = IgnorePublicAcls
            self.BlockPublicPolicy = BlockPublicPolicy
            self.RestrictPublicBuckets = RestrictPublicBuckets
        }

        /// All four blocks on: what a private bucket should have.
        public static let blockAll = PublicAccessBlockConfiguration(
            BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true)
    }

    public struct VersioningConfiguration: Codable, Sendable, Equatable {
        /// `Enabled` or `Disabled` (written as `<MfaDelete>`, as the model's locationName says).
        public var MFADelete: String?
        /// `Enabled` or `Suspended`.
        public var Status: String?

        public init(MFADelete: String? = nil, Status: String? = nil) {
            self.MFADelete = MFADelete
            self.Status = Status
        }
    }

    public struct Owner: Codable, Sendable, Equatable {
        public var DisplayName: String?
        public var ID: String?
    }

    public struct Bucket: Codable, Sendable, Equatable {
        public var Name: String?
        public var CreationDate: Date?
        public var BucketRegion: String?
    }

    public struct Object: Codable, Sendable, Equatable {
        public var Key: String?
        public var LastModified: Date?
        public var ETag: String?
        public var Size: Int64?
        public var StorageClass: String?
        public var Owner: Owner?
    }

    public struct CommonPrefix: Codable, Sendable, Equatable {
        public var Prefix: String?
    }

    public struct ObjectVersion: Codable, Sendable, Equatable {
        public var ETag: String?
        public var Size: Int64?
        public var StorageClass: String?
        public var Key: String?
        public var VersionId: String?
        public var IsLatest: Bool?
        public var LastModified: Date?
        public var Owner: Owner?
    }

    public struct DeleteMarkerEntry: Codable, Sendable, Equatable {
        public var Owner: Owner?
        public var Key: String?
        public var VersionId: String?
        public var IsLatest: Bool?
        public var LastModified: Date?
    }

    public struct ObjectIdentifier: Codable, Sendable, Hashable {
        public var Key: String
        public var VersionId: String?

        public init(Key: String, VersionId: String? = nil) {
            self.Key = Key
            self.VersionId = VersionId
        }
    }

    public struct Delete: Codable, Sendable, Equatable {
        /// At most 1000 per request.
        public var Objects: [ObjectIdentifier]
        /// Report only the keys that could not be deleted.
        public var Quiet: Bool?

        public init(Objects: [ObjectIdentifier], Quiet: Bool? = nil) {
            self.Objects = Objects
            self.Quiet = Quiet
        }
    }

    public struct DeletedObject: Codable, Sendable, Equatable {
        public var Key: String?
        public var VersionId: String?
        public var DeleteMarker: Bool?
        public var DeleteMarkerVersionId: String?
    }

    /// One key that DeleteObjects could not delete (the model's `Error` shape; renamed so it
    /// does not hide Swift's `Error` inside `S3`).
    public struct DeleteError: Codable, Sendable, Equatable {
        public var Key: String?
        public var VersionId: String?
        public var Code: String?
        public var Message: String?
    }
}

// MARK: - Writing request bodies

/// Builds the small XML documents S3 takes, escaping every text value.
enum S3XML {
    static let namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\r": result += "&#13;"
            default: result.append(character)
            }
        }
        return result
    }

    /// `<name>` around already-written XML; nil content writes nothing.
    static func element(_ name: String, _ content: String?) -> String {
        guard let content else { return "" }
        return "<\(name)>\(content)</\(name)>"
    }

    static func text(_ name: String, _ value: String?) -> String {
        element(name, value.map(escape))
    }

    static func bool(_ name: String, _ value: Bool?) -> String {
        text(name, value.map { $0 ? "true" : "false" })
    }

    static func document(_ root: String, _ content: String) -> String {
        #"<?xml version="1.0" encoding="UTF-8"?>"# + "<\(root) xmlns=\"\(namespace)\">\(content)</\(root)>"
    }
}

extension S3.CreateBucketConfiguration {
    var xmlDocument: String {
        S3XML.document("CreateBucketConfiguration", S3XML.text("LocationConstraint", LocationConstraint))
    }
}

extension S3.Tagging {
    var xmlDocument: String {
        let tags = TagSet.map { S3XML.element("Tag", S3XML.text("Key", $0.Key) + S3XML.text("Value", $0.Value)) }.joined()
        return S3XML.document("Tagging", S3XML.element("TagSet", tags))
    }
}

extension S3.ServerSideEncryptionConfiguration {
    var xmlDocument: String {
        let rules = Rules.map { rule in
            let defaults = rule.ApplyServerSideEncryptionByDefault.map {
                S3XML.text("SSEAlgorithm", $0.SSEAlgorithm) + S3XML.text("KMSMasterKeyID", $0.KMSMasterKeyID)
            }
            return S3XML.element("Rule", S3XML.element("ApplyServerSideEncryptionByDefault", defaults) + S3XML.bool("BucketKeyEnabled", rule.BucketKeyEnabled))
        }
        return S3XML.document("ServerSideEncryptionConfiguration", rules.joined())
    }
}

extension S3.PublicAccessBlockConfiguration {
    var xmlDocument: String {
        S3XML.document("PublicAccessBlockConfiguration",
                       S3XML.bool("BlockPublicAcls", BlockPublicAcls) + S3XML.bool("IgnorePublicAcls", IgnorePublicAcls)
                       + S3XML.bool("BlockPublicPolicy", BlockPublicPolicy) + S3XML.bool("RestrictPublicBuckets", RestrictPublicBuckets))
    }
}

extension S3.VersioningConfiguration {
    var xmlDocument: String {
        S3XML.document("VersioningConfiguration", S3XML.text("MfaDelete", MFADelete) + S3XML.text("Status", Status))
    }
}

extension S3.Delete {
    var xmlDocument: String {
        let objects = Objects.map { S3XML.element("Object", S3XML.text("Key", $0.Key) + S3XML.text("VersionId", $0.VersionId)) }
        return S3XML.document("Delete", objects.joined() + S3XML.bool("Quiet", Quiet))
    }
}

// MARK: - Reading replies

extension XMLNode {
    /// Decodes every child element of that name (a flattened list, or a wrapper's items).
    func decodeAll<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> [T] {
        try all(name).map { try XMLShapeDecoder.decode(T.self, from: $0) }
    }

    /// Like `decodeAll`, but nil when there is no such element, as AWS's SDKs leave absent lists.
    func decodeList<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> [T]? {
        let items: [T] = try decodeAll(name)
        return items.isEmpty ? nil : items
    }

    func childText(_ name: String) -> String? { self[name]?.text }
    func childBool(_ name: String) -> Bool? { self[name].map { $0.text.trimmed() == "true" } }
    func childInt(_ name: String) -> Int? { self[name].flatMap { Int($0.text.trimmed()) } }
}

extension S3.ServerSideEncryptionConfiguration {
    init(xml: XMLNode) throws {
        self.init(Rules: try xml.decodeAll("Rule"))
    }
}

extension S3.VersioningConfiguration {
    init(xml: XMLNode) {
        self.init(MFADelete: xml.childText("MfaDelete"), Status: xml.childText("Status"))
    }
}

extension S3.Tagging {
    init(xml: XMLNode) throws {
        self.init(TagSet: try xml["TagSet"]?.decodeAll("Tag") ?? [])
    }
}
