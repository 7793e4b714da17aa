import AWSSigV4

/// The reply of STS AssumeRole and AssumeRoleWithWebIdentity. It lives here because the
/// credential sources that assume roles need it, below the typed services.
public struct STSAssumeRoleResult: Codable, Sendable {
    public struct TemporaryCredentials: Codable, Sendable {
        public let AccessKeyId: String
        public let SecretAccessKey: String
        public let SessionToken: String
        public let Expiration: Date
    }

    public struct AssumedRoleUser: Codable, Sendable {
        public let AssumedRoleId: String
        public let Arn: String
    }

    public let Credentials: TemporaryCredentials
    public let AssumedRoleUser: AssumedRoleUser?

    public var awsCredentials: AWSCredentials {
        let temporary = self.Credentials
        return AWSCredentials(accessKeyID: temporary.AccessKeyId, secretAccessKey: temporary.SecretAccessKey,
                              sessionToken: temporary.SessionToken, expiration: temporary.Expiration)
    }
}

/// The STS service as the credential sources call it.
public enum STSService {
    public static let description = AWSServiceDescription(serviceID: "STS", signingName: "sts", endpointPrefix: "sts", wireProtocol: .query(version: "2011-06-15"))
}
