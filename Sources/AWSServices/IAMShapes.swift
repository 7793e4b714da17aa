import AWSCore

// The shapes that several IAM operations share, named as in IAM's API model.
extension IAM {
    public struct Tag: Codable, Sendable, Hashable {
        public var Key: String
        public var Value: String

        public init(Key: String, Value: String) {
            self.Key = Key
            self.Value = Value
        }
    }

    public struct AttachedPermissionsBoundary: Codable, Sendable, Equatable {
        public var PermissionsBoundaryType: String?
        public var PermissionsBoundaryArn: String?
    }

    public struct RoleLastUsed: Codable, Sendable, Equatable {
        public var LastUsedDate: Date?
        public var Region: String?
    }

    public struct Role: Codable, Sendable, Equatable {
        public var Path: String
        public var RoleName: String
        public var RoleId: String
        public var Arn: String
        public var CreateDate: Date
        /// The trust policy as JSON text (IAM sends it URL-encoded; the operations decode it).
        public var AssumeRolePolicyDocument: String?
        public var Description: String?
        public var MaxSessionDuration: Int?
        public var PermissionsBoundary: AttachedPermissionsBoundary?
        public var Tags: [Tag]?
        public var RoleLastUsed: RoleLastUsed?
    }

    public struct Policy: Codable, Sendable, Equatable {
        public var PolicyName: String?
        public var PolicyId: String?
        public var Arn: String?
        public var Path: String?
        public var DefaultVersionId: String?
        public var AttachmentCount: Int?
        public var PermissionsBoundaryUsageCount: Int?
        public var IsAttachable: Bool?
        public var Description: String?
        public var CreateDate: Date?
        public var UpdateDate: Date?
        public var Tags: [Tag]?
    }

    public struct PolicyVersion: Codable, Sendable, Equatable {
        /// The policy as JSON text (IAM sends it URL-encoded; the operations decode it).
        public var Document: String?
        public var VersionId: String?
        public var IsDefaultVersion: Bool?
        public var CreateDate: Date?
    }

    public struct AttachedPolicy: Codable, Sendable, Equatable {
        public var PolicyName: String?
        public var PolicyArn: String?
    }

    public struct User: Codable, Sendable, Equatable {
        public var Path: String
        public var UserName: String
        public var UserId: String
        public var Arn: String
        public var CreateDate: Date
        public var PasswordLastUsed: Date?
        public var PermissionsBoundary: AttachedPermissionsBoundary?
        public var Tags: [Tag]?
    }

    public struct AccessKey: Codable, Sendable, Equatable {
        public var UserName: String
        public var AccessKeyId: String
        /// `Active`, `Inactive` or `Expired`.
        public var Status: String
        public var SecretAccessKey: String
        public var CreateDate: Date?
    }

    public struct AccessKeyMetadata: Codable, Sendable, Equatable {
        public var UserName: String?
        public var AccessKeyId: String?
        public var Status: String?
        public var CreateDate: Date?
    }

    /// IAM returns policy documents URL-encoded (RFC 3986) in its replies; moto sometimes
    /// returns them as plain JSON. Plain JSON starts with `{`, an encoded document with `%7B`.
    public static func decodePolicyDocument(_ text: String) -> String {
        let trimmed = text.drop(while: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" })
        if trimmed.hasPrefix("{") { return text }
        return URIEncoding.decode(text)
    }
}

extension IAM.Role {
    var decodingDocument: IAM.Role {
        var copy = self
        copy.AssumeRolePolicyDocument = AssumeRolePolicyDocument.map(IAM.decodePolicyDocument)
        return copy
    }
}

extension IAM.PolicyVersion {
    var decodingDocument: IAM.PolicyVersion {
        var copy = self
        copy.Document = Document.map(IAM.decodePolicyDocument)
        return copy
    }
}
