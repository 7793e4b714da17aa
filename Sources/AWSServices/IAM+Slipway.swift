import AWSCore

/// AWS Identity and Access Management: the roles, policies, users and keys Slipway manages.
/// IAM is global: one endpoint per partition, signed for us-east-1.
public struct IAM: Sendable {
    public static let service = AWSServiceDescription(
        serviceID: "IAM", signingName: "iam", endpointPrefix: "iam",
        wireProtocol: .query(version: "2010-05-08"), globalSigningRegion: "us-east-1")
    public let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    private func call<Output: Decodable>(_ action: String, _ input: some Encodable, as output: Output.Type = Output.self) async throws -> Output {
        try await client.query(Self.service, action, input)
    }

    private func send(_ action: String, _ input: some Encodable) async throws {
        let _: EmptyShape = try await client.query(Self.service, action, input)
    }

    // MARK: - Roles

    public struct CreateRoleRequest: Codable, Sendable {
        public var Path: String?
        public var RoleName: String
        public var AssumeRolePolicyDocument: String
        public var Description: String?
        public var MaxSessionDuration: Int?
        public var PermissionsBoundary: String?
        public var Tags: [Tag]?

        public init(Path: String? = nil, RoleName: String, AssumeRolePolicyDocument: String, Description: String? = nil,
                    MaxSessionDuration: Int? = nil, PermissionsBoundary: String? = nil, Tags: [Tag]? = nil) {
            self.Path = Path
            self.RoleName = RoleName
            self.AssumeRolePolicyDocument = AssumeRolePolicyDocument
            self.Description = Description
            self.MaxSessionDuration = MaxSessionDuration
            self.PermissionsBoundary = PermissionsBoundary
            self.Tags = Tags
        }
    }

    public struct CreateRoleResponse: Codable, Sendable, Equatable {
        public var Role: Role
    }

    public func createRole(_ input: CreateRoleRequest) async throws -> CreateRoleResponse {
        var response: CreateRoleResponse = try await call("CreateRole", input)
        response.Role = response.Role.decodingDocument
        return response
    }

    public struct GetRoleRequest: Codable, Sendable {
        public var RoleName: String

        public init(RoleName: String) {
            self.RoleName = RoleName
        }
    }

    public struct GetRoleResponse: Codable, Sendable, Equatable {
        public var Role: Role
    }

    /// Throws `AWSError` with code `NoSuchEntity` when the role does not exist.
    public func getRole(_ input: GetRoleRequest) async throws -> GetRoleResponse {
        var response: GetRoleResponse = try await call("GetRole", input)
        response.Role = response.Role.decodingDocument
        return response
    }

    public struct DeleteRoleRequest: Codable, Sendable {
        public var RoleName: String

        public init(RoleName: String) {
            self.RoleName = RoleName
        }
    }

    /// AWS refuses (`DeleteConflict`) while the role has inline or attached policies.
    public func deleteRole(_ input: DeleteRoleRequest) async throws {
        try await send("DeleteRole", input)
    }

    public struct UpdateAssumeRolePolicyRequest: Codable, Sendable {
        public var RoleName: String
        public var PolicyDocument: String

        public init(RoleName: String, PolicyDocument: String) {
            self.RoleName = RoleName
            self.PolicyDocument = PolicyDocument
        }
    }

    public func updateAssumeRolePolicy(_ input: UpdateAssumeRolePolicyRequest) async throws {
        try await send("UpdateAssumeRolePolicy", input)
    }

    public struct ListRolesRequest: Codable, Sendable {
        public var PathPrefix: String?
        public var Marker: String?
        public var MaxItems: Int?

        public init(PathPrefix: String? = nil, Marker: String? = nil, MaxItems: Int? = nil) {
            self.PathPrefix = PathPrefix
            self.Marker = Marker
            self.MaxItems = MaxItems
        }
    }

    public struct ListRolesResponse: Codable, Sendable, Equatable {
        public var Roles: [Role]
        public var IsTruncated: Bool?
        public var Marker: String?
    }

    public func listRoles(_ input: ListRolesRequest = ListRolesRequest()) async throws -> ListRolesResponse {
        var response: ListRolesResponse = try await call("ListRoles", input)
        response.Roles = response.Roles.map(\.decodingDocument)
        return response
    }

    /// Every role under the path prefix, following `Marker` across pages of `MaxItems`.
    public func listAllRoles(PathPrefix: String? = nil, MaxItems: Int? = nil) async throws -> [Role] {
        try await Pagination.all { marker in
            let page = try await listRoles(ListRolesRequest(PathPrefix: PathPrefix, Marker: marker, MaxItems: MaxItems))
            return (page.Roles, page.IsTruncated == true ? page.Marker : nil)
        }
    }

    public struct TagRoleRequest: Codable, Sendable {
        public var RoleName: String
        public var Tags: [Tag]

        public init(RoleName: String, Tags: [Tag]) {
            self.RoleName = RoleName
            self.Tags = Tags
        }
    }

    public func tagRole(_ input: TagRoleRequest) async throws {
        try await send("TagRole", input)
    }

    public struct UntagRoleRequest: Codable, Sendable {
        public var RoleName: String
        public var TagKeys: [String]

        public init(RoleName: String, TagKeys: [String]) {
            self.RoleName = RoleName
            self.TagKeys = TagKeys
        }
    }

    public func untagRole(_ input: UntagRoleRequest) async throws {
        try await send("UntagRole", input)
    }

    public struct ListRoleTagsRequest: Codable, Sendable {
        public var RoleName: String
        public var Marker: String?
        public var MaxItems: Int?

        public init(RoleName: String, Marker: String? = nil, MaxItems: Int? = nil) {
            self.RoleName = RoleName
            self.Marker = Marker
            self.MaxItems = MaxItems
        }
    }

    public struct ListRoleTagsResponse: Codable, Sendable, Equatable {
        public var Tags: [Tag]
        public var IsTruncated: Bool?
        public var Marker: String?
    }

    public func listRoleTags(_ input: ListRoleTagsRequest) async throws -> ListRoleTagsResponse {
        try await call("ListRoleTags", input)
    }

    // MARK: - Inline role policies

    public struct PutRolePolicyRequest: Codable, Sendable {
        public var RoleName: String
        public var PolicyName: String
        public var PolicyDocument: String

        public init(RoleName: String, PolicyName: String, PolicyDocument: String) {
            self.RoleName = RoleName
            self.PolicyName = PolicyName
            self.PolicyDocument = PolicyDocument
        }
    }

    /// Creates or replaces the role's inline policy of that name.
    public func putRolePolicy(_ input: PutRolePolicyRequest) async throws {
        try await send("PutRolePolicy", input)
    }

    public struct GetRolePolicyRequest: Codable, Sendable {
        public var RoleName: String
        public var PolicyName: String

        public init(RoleName: String, PolicyName: String) {
            self.RoleName = RoleName
            self.PolicyName = PolicyName
        }
    }

    public struct GetRolePolicyResponse: Codable, Sendable, Equatable {
        public var RoleName: String
        public var PolicyName: String
        /// The policy as JSON text, already URL-decoded.
        public var PolicyDocument: String
    }

    public func getRolePolicy(_ input: GetRolePolicyRequest) async throws -> GetRolePolicyResponse {
        var response: GetRolePolicyResponse = try await call("GetRolePolicy", input)
        response.PolicyDocument = Self.decodePolicyDocument(response.PolicyDocument)
        return response
    }

    public struct DeleteRolePolicyRequest: Codable, Sendable {
        public var RoleName: String
        public var PolicyName: String

        public init(RoleName: String, PolicyName: String) {
            self.RoleName = RoleName
            self.PolicyName = PolicyName
        }
    }

    public func deleteRolePolicy(_ input: DeleteRolePolicyRequest) async throws {
        try await send("DeleteRolePolicy", input)
    }

    public struct ListRolePoliciesRequest: Codable, Sendable {
        public var RoleName: String
        public var Marker: String?
        public var MaxItems: Int?

        public init(RoleName: String, Marker: String? = nil, MaxItems: Int? = nil) {
            self.RoleName = RoleName
            self.Marker = Marker
            self.MaxItems = MaxItems
        }
    }

    public struct ListRolePoliciesResponse: Codable, Sendable, Equatable {
        public var PolicyNames: [String]
        public var IsTruncated: Bool?
        public var Marker: String?
    }

    public func listRolePolicies(_ input: ListRolePoliciesRequest) async throws -> ListRolePoliciesResponse {
        try await call("ListRolePolicies", input)
    }

    /// The names of all the role's inline policies.
    public func listAllRolePolicies(RoleName: String) async throws -> [String] {
        try await Pagination.all { marker in
            let page = try await listRolePolicies(ListRolePoliciesRequest(RoleName: RoleName, Marker: marker))
            return (page.PolicyNames, page.IsTruncated == true ? page.Marker : nil)
        }
    }

    // MARK: - Managed policies

    public struct CreatePolicyRequest: Codable, Sendable {
        public var PolicyName: String
        public var Path: String?
        public var PolicyDocument: String
        public var Description: String?
        public var Tags: [Tag]?

        public init(PolicyName: String, Path: String? = nil, PolicyDocument: String, Description: String? = nil, Tags: [Tag]? = nil) {
            self.PolicyName = PolicyName
            self.Path = Path
            self.PolicyDocument = PolicyDocument
            self.Description = Description
            self.Tags = Tags
        }
    }

    public struct CreatePolicyResponse: Codable, Sendable, Equatable {
        public var Policy: Policy?
    }

    public func createPolicy(_ input: CreatePolicyRequest) async throws -> CreatePolicyResponse {
        try await call("CreatePolicy", input)
    }

    public struct GetPolicyRequest: Codable, Sendable {
        public var PolicyArn: String

        public init(PolicyArn: String) {
            self.PolicyArn = PolicyArn
        }
    }

    public struct GetPolicyResponse: Codable, Sendable, Equatable {
        public var Policy: Policy?
    }

    /// Throws `AWSError` with code `NoSuchEntity` when the policy does not exist.
    public func getPolicy(_ input: GetPolicyRequest) async throws -> GetPolicyResponse {
        try await call("GetPolicy", input)
    }

    public struct DeletePolicyRequest: Codable, Sendable {
        public var PolicyArn: String

        public init(PolicyArn: String) {
            self.PolicyArn = PolicyArn
        }
    }

    /// AWS refuses (`DeleteConflict`) while the policy is attached or has non-default versions.
    public func deletePolicy(_ input: DeletePolicyRequest) async throws {
        try await send("DeletePolicy", input)
    }

    public struct ListPoliciesRequest: Codable, Sendable {
        /// `All`, `AWS` or `Local` (the account's own policies).
        public var Scope: String?
        public var OnlyAttached: Bool?
        public var PathPrefix: String?
        public var PolicyUsageFilter: String?
        public var Marker: String?
        public var MaxItems: Int?

        public init(Scope: String? = nil, OnlyAttached: Bool? = nil, PathPrefix: String? = nil, PolicyUsageFilter: String? = nil,
                    Marker: String? = nil, MaxItems: Int? = nil) {
            self.Scope = Scope
            self.OnlyAttached = OnlyAttached
            self.PathPrefix = PathPrefix
            self.PolicyUsageFilter = PolicyUsageFilter
            self.Marker = Marker
            self.MaxItems = MaxItems
        }
    }

    public struct ListPoliciesResponse: Codable, Sendable, Equatable {
        public var Policies: [Policy]?
        public var IsTruncated: Bool?
        public var Marker: String?
    }

    public func listPolicies(_ input: ListPoliciesRequest = ListPoliciesRequest()) async throws -> ListPoliciesResponse {
        try await call("ListPolicies", input)
    }

    /// Every policy of the scope (the account's own by default) under the path prefix.
    public func listAllPolicies(Scope: String? = "Local", PathPrefix: String? = nil) async throws -> [Policy] {
        try await Pagination.all { marker in
            let page = try await listPolicies(ListPoliciesRequest(Scope: Scope, PathPrefix: PathPrefix, Marker: marker))
            return (page.Policies ?? [], page.IsTruncated == true ? page.Marker : nil)
        }
    }

    public struct CreatePolicyVersionRequest: Codable, Sendable {
        public var PolicyArn: String
        public var PolicyDocument: String
        public var SetAsDefault: Bool?

        public init(PolicyArn: String, PolicyDocument: String, SetAsDefault: Bool? = nil) {
            self.PolicyArn = PolicyArn
            self.PolicyDocument = PolicyDocument
            self.SetAsDefault = SetAsDefault
        }
    }

    public struct CreatePolicyVersionResponse: Codable, Sendable, Equatable {
        public var PolicyVersion: PolicyVersion?
    }

    /// A policy keeps at most five versions: delete an old one first (`LimitExceeded`).
    public func createPolicyVersion(_ input: CreatePolicyVersionRequest) async throws -> CreatePolicyVersionResponse {
        var response: CreatePolicyVersionResponse = try await call("CreatePolicyVersion", input)
        response.PolicyVersion = response.PolicyVersion?.decodingDocument
        return response
    }

    public struct GetPolicyVersionRequest: Codable, Sendable {
        public var PolicyArn: String
        public var VersionId: String

        public init(PolicyArn: String, VersionId: String) {
            self.PolicyArn = PolicyArn
            self.VersionId = VersionId
        }
    }

    public struct GetPolicyVersionResponse: Codable, Sendable, Equatable {
        public var PolicyVersion: PolicyVersion?
    }

    public func getPolicyVersion(_ input: GetPolicyVersionRequest) async throws -> GetPolicyVersionResponse {
        var response: GetPolicyVersionResponse = try await call("GetPolicyVersion", input)
        response.PolicyVersion = response.PolicyVersion?.decodingDocument
        return response
    }

    public struct ListPolicyVersionsRequest: Codable, Sendable {
        public var PolicyArn: String
        public var Marker: String?
        public var MaxItems: Int?

        public init(PolicyArn: String, Marker: String? = nil, MaxItems: Int? = nil) {
            self.PolicyArn = PolicyArn
            self.Marker = Marker
            self.MaxItems = MaxItems
        }
    }

    public struct ListPolicyVersionsResponse: Codable, Sendable, Equatable {
        public var Versions: [PolicyVersion]?
        public var IsTruncated: Bool?
        public var Marker: String?
    }

    public func listPolicyVersions(_ input: ListPolicyVersionsRequest) async throws -> ListPolicyVersionsResponse {
        var response: ListPolicyVersionsResponse = try await call("ListPolicyVersions", input)
        response.Versions = response.Versions?.map(\.decodingDocument)
        return response
    }

    public struct DeletePolicyVersionRequest: Codable, Sendable {
        public var PolicyArn: String
        public var VersionId: String

        public init(PolicyArn: String, VersionId: String) {
            self.PolicyArn = PolicyArn
            self.VersionId = VersionId
        }
    }

    /// The default version cannot be deleted (`DeleteConflict`).
    public func deletePolicyVersion(_ input: DeletePolicyVersionRequest) async throws {
        try await send("DeletePolicyVersion", input)
    }

    public struct AttachRolePolicyRequest: Codable, Sendable {
        public var RoleName: String
        public var PolicyArn: String

        public init(RoleName: String, PolicyArn: String) {
            self.RoleName = RoleName
            self.PolicyArn = PolicyArn
        }
    }

    public func attachRolePolicy(_ input: AttachRolePolicyRequest) async throws {
        try await send("AttachRolePolicy", input)
    }

    public struct DetachRolePolicyRequest: Codable, Sendable {
        public var RoleName: String
        public var PolicyArn: String

        public init(RoleName: String, PolicyArn: String) {
            self.RoleName = RoleName
            self.PolicyArn = PolicyArn
        }
    }

    public func detachRolePolicy(_ input: DetachRolePolicyRequest) async throws {
        try await send("DetachRolePolicy", input)
    }

    public struct ListAttachedRolePoliciesRequest: Codable, Sendable {
        public var RoleName: String
        public var PathPrefix: String?
        public var Marker: String?
        public var MaxItems: Int?

        public init(RoleName: String, PathPrefix: String? = nil, Marker: String? = nil, MaxItems: Int? = nil) {
            self.RoleName = RoleName
            self.PathPrefix = PathPrefix
            self.Marker = Marker
            self.MaxItems = MaxItems
        }
    }

    public struct ListAttachedRolePoliciesResponse: Codable, Sendable, Equatable {
        public var AttachedPolicies: [AttachedPolicy]?
        public var IsTruncated: Bool?
        public var Marker: String?
    }

    public func listAttachedRolePolicies(_ input: ListAttachedRolePoliciesRequest) async throws -> ListAttachedRolePoliciesResponse {
        try await call("ListAttachedRolePolicies", input)
    }

    /// Every managed policy attached to the role.
    public func listAllAttachedRolePolicies(RoleName: String) async throws -> [AttachedPolicy] {
        try await Pagination.all { marker in
            let page = try await listAttachedRolePolicies(ListAttachedRolePoliciesRequest(RoleName: RoleName, Marker: marker))
            return (page.AttachedPolicies ?? [], page.IsTruncated == true ? page.Marker : nil)
        }
    }

    public struct TagPolicyRequest: Codable, Sendable {
        public var PolicyArn: String
        public var Tags: [Tag]

        public init(PolicyArn: String, Tags: [Tag]) {
            self.PolicyArn = PolicyArn
            self.Tags = Tags
        }
    }

    public func tagPolicy(_ input: TagPolicyRequest) async throws {
        try await send("TagPolicy", input)
    }

    // MARK: - Users and access keys

    public struct CreateUserRequest: Codable, Sendable {
        public var Path: String?
        public var UserName: String
        public var PermissionsBoundary: String?
        public var Tags: [Tag]?

        public init(Path: String? = nil, UserName: String, PermissionsBoundary: String? = nil, Tags: [Tag]? = nil) {
            self.Path = Path
            self.UserName = UserName
            self.PermissionsBoundary = PermissionsBoundary
            self.Tags = Tags
        }
    }

    public struct CreateUserResponse: Codable, Sendable, Equatable {
        public var User: User?
    }

    public func createUser(_ input: CreateUserRequest) async throws -> CreateUserResponse {
        try await call("CreateUser", input)
    }

    public struct DeleteUserRequest: Codable, Sendable {
        public var UserName: String

        public init(UserName: String) {
            self.UserName = UserName
        }
    }

    /// AWS refuses (`DeleteConflict`) while the user has access keys or policies.
    public func deleteUser(_ input: DeleteUserRequest) async throws {
        try await send("DeleteUser", input)
    }

    public struct CreateAccessKeyRequest: Codable, Sendable {
        public var UserName: String?

        public init(UserName: String? = nil) {
            self.UserName = UserName
        }
    }

    public struct CreateAccessKeyResponse: Codable, Sendable, Equatable {
        public var AccessKey: AccessKey
    }

    /// The reply holds the secret key: the only time AWS ever shows it.
    public func createAccessKey(_ input: CreateAccessKeyRequest) async throws -> CreateAccessKeyResponse {
        try await call("CreateAccessKey", input)
    }

    public struct DeleteAccessKeyRequest: Codable, Sendable {
        public var UserName: String?
        public var AccessKeyId: String

        public init(UserName: String? = nil, AccessKeyId: String) {
            self.UserName = UserName
            self.AccessKeyId = AccessKeyId
        }
    }

    public func deleteAccessKey(_ input: DeleteAccessKeyRequest) async throws {
        try await send("DeleteAccessKey", input)
    }

    public struct ListAccessKeysRequest: Codable, Sendable {
        public var UserName: String?
        public var Marker: String?
        public var MaxItems: Int?

        public init(UserName: String? = nil, Marker: String? = nil, MaxItems: Int? = nil) {
            self.UserName = UserName
            self.Marker = Marker
            self.MaxItems = MaxItems
        }
    }

    public struct ListAccessKeysResponse: Codable, Sendable, Equatable {
        public var AccessKeyMetadata: [AccessKeyMetadata]
        public var IsTruncated: Bool?
        public var Marker: String?
    }

    public func listAccessKeys(_ input: ListAccessKeysRequest = ListAccessKeysRequest()) async throws -> ListAccessKeysResponse {
        try await call("ListAccessKeys", input)
    }

    public struct PutUserPolicyRequest: Codable, Sendable {
        public var UserName: String
        public var PolicyName: String
        public var PolicyDocument: String

        public init(UserName: String, PolicyName: String, PolicyDocument: String) {
            self.UserName = UserName
            self.PolicyName = PolicyName
            self.PolicyDocument = PolicyDocument
        }
    }

    public func putUserPolicy(_ input: PutUserPolicyRequest) async throws {
        try await send("PutUserPolicy", input)
    }

    public struct DeleteUserPolicyRequest: Codable, Sendable {
        public var UserName: String
        public var PolicyName: String

        public init(UserName: String, PolicyName: String) {
            self.UserName = UserName
            self.PolicyName = PolicyName
        }
    }

    public func deleteUserPolicy(_ input: DeleteUserPolicyRequest) async throws {
        try await send("DeleteUserPolicy", input)
    }
}

extension IAM {
    /// The error codes of IAM that Slipway acts on.
    public enum ErrorCode {
        public static let noSuchEntity = AWSErrorCode("NoSuchEntity")
    }
}
