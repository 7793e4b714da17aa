import AWSSigV4
import AWSCore

// STS is all generated (Generated/STS.swift). AWSCore's credential providers call AssumeRole and
// AssumeRoleWithWebIdentity with their own minimal shapes (`STSAssumeRoleResult`), below this layer.
extension STS.Credentials {
    /// These temporary credentials as AWSCore's.
    public var awsCredentials: AWSCredentials {
        get throws {
            let operation = "AssumeRole"
            return AWSCredentials(
                accessKeyID: try AccessKeyId.required("AccessKeyId", STS.service, operation),
                secretAccessKey: try SecretAccessKey.required("SecretAccessKey", STS.service, operation),
                sessionToken: SessionToken, expiration: Expiration)
        }
    }
}

extension STS {
    /// Who the credentials belong to. The model leaves GetCallerIdentity's members optional; AWS
    /// always sends them, and a reply without them is an `AWSClientError.incompleteReply`.
    public struct CallerIdentity: Sendable, Equatable {
        public var account: String
        public var arn: String
        public var userId: String

        public init(account: String, arn: String, userId: String) {
            self.account = account
            self.arn = arn
            self.userId = userId
        }
    }

    /// GetCallerIdentity, with every member there.
    public func callerIdentity() async throws -> CallerIdentity {
        let reply = try await getCallerIdentity()
        return CallerIdentity(account: try reply.Account.required("Account", Self.service, "GetCallerIdentity"),
                              arn: try reply.Arn.required("Arn", Self.service, "GetCallerIdentity"),
                              userId: try reply.UserId.required("UserId", Self.service, "GetCallerIdentity"))
    }
}
