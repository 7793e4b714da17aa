import AWSCore

/// AWS Security Token Service: who is calling, and temporary credentials.
public struct STS: Sendable {
    public static let service = STSService.description
    public let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    public struct GetCallerIdentityResponse: Codable, Sendable, Equatable {
        public let UserId: String
        public let Account: String
        public let Arn: String
    }

    public func getCallerIdentity() async throws -> GetCallerIdentityResponse {
        try await client.query(Self.service, "GetCallerIdentity", EmptyShape())
    }

    public struct AssumeRoleRequest: Codable, Sendable {
        public var RoleArn: String
        public var RoleSessionName: String
        public var DurationSeconds: Int?
        public var ExternalId: String?
        public var Policy: String?

        public init(RoleArn: String, RoleSessionName: String, DurationSeconds: Int? = nil, ExternalId: String? = nil, Policy: String? = nil) {
            self.RoleArn = RoleArn
            self.RoleSessionName = RoleSessionName
            self.DurationSeconds = DurationSeconds
            self.ExternalId = ExternalId
            self.Policy = Policy
        }
    }

    public func assumeRole(_ input: AssumeRoleRequest) async throws -> STSAssumeRoleResult {
        try await client.query(Self.service, "AssumeRole", input)
    }

    public struct AssumeRoleWithWebIdentityRequest: Codable, Sendable {
        public var RoleArn: String
        public var RoleSessionName: String
        public var WebIdentityToken: String
        public var DurationSeconds: Int?

        public init(RoleArn: String, RoleSessionName: String, WebIdentityToken: String, DurationSeconds: Int? = nil) {
            self.RoleArn = RoleArn
            self.RoleSessionName = RoleSessionName
            self.WebIdentityToken = WebIdentityToken
            self.DurationSeconds = DurationSeconds
        }
    }

    public func assumeRoleWithWebIdentity(_ input: AssumeRoleWithWebIdentityRequest) async throws -> STSAssumeRoleResult {
        try await client.query(Self.service, "AssumeRoleWithWebIdentity", input)
    }
}
