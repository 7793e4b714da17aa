import AWSSigV4
import AWSCore

// IAM is global: one endpoint per partition, signed for us-east-1 (Generated/IAM.swift).
// Written here: the calls whose replies carry policy documents, which IAM returns URL-encoded
// (scripts/shapes-manifest.json, `handWritten`), and Slipway's pagination helpers.
extension IAM {
    // MARK: - Calls that decode policy documents

    @discardableResult
    public func createRole(_ input: CreateRoleRequest) async throws -> CreateRoleResponse {
        var response: CreateRoleResponse = try await client.query(Self.service, "CreateRole", input)
        response.Role = response.Role?.decodingDocument
        return response
    }

    /// Throws `AWSError` with code `NoSuchEntity` when the role does not exist.
    @discardableResult
    public func getRole(_ input: GetRoleRequest) async throws -> GetRoleResponse {
        var response: GetRoleResponse = try await client.query(Self.service, "GetRole", input)
        response.Role = response.Role?.decodingDocument
        return response
    }

    @discardableResult
    public func listRoles(_ input: ListRolesRequest = ListRolesRequest()) async throws -> ListRolesResponse {
        var response: ListRolesResponse = try await client.query(Self.service, "ListRoles", input)
        response.Roles = response.Roles?.map(\.decodingDocument)
        return response
    }

    /// The reply's `PolicyDocument` is the policy as JSON text, already URL-decoded.
    @discardableResult
    public func getRolePolicy(_ input: GetRolePolicyRequest) async throws -> GetRolePolicyResponse {
        var response: GetRolePolicyResponse = try await client.query(Self.service, "GetRolePolicy", input)
        response.PolicyDocument = response.PolicyDocument.map(Self.decodePolicyDocument)
        return response
    }

    /// A policy keeps at most five versions: delete an old one first (`LimitExceeded`).
    @discardableResult
    public func createPolicyVersion(_ input: CreatePolicyVersionRequest) async throws -> CreatePolicyVersionResponse {
        var response: CreatePolicyVersionResponse = try await client.query(Self.service, "CreatePolicyVersion", input)
        response.PolicyVersion = response.PolicyVersion?.decodingDocument
        return response
    }

    @discardableResult
    public func getPolicyVersion(_ input: GetPolicyVersionRequest) async throws -> GetPolicyVersionResponse {
        var response: GetPolicyVersionResponse = try await client.query(Self.service, "GetPolicyVersion", input)
        response.PolicyVersion = response.PolicyVersion?.decodingDocument
        return response
    }

    @discardableResult
    public func listPolicyVersions(_ input: ListPolicyVersionsRequest) async throws -> ListPolicyVersionsResponse {
        var response: ListPolicyVersionsResponse = try await client.query(Self.service, "ListPolicyVersions", input)
        response.Versions = response.Versions?.map(\.decodingDocument)
        return response
    }

    /// Throws `AWSError` with code `AccessDenied` when the caller may not read the account's IAM.
    @discardableResult
    public func getAccountAuthorizationDetails(
        _ input: GetAccountAuthorizationDetailsRequest = GetAccountAuthorizationDetailsRequest()
    ) async throws -> GetAccountAuthorizationDetailsResponse {
        var response: GetAccountAuthorizationDetailsResponse = try await client.query(Self.service, "GetAccountAuthorizationDetails", input)
        response.RoleDetailList = response.RoleDetailList?.map(\.decodingDocuments)
        return response
    }

    /// IAM returns policy documents URL-encoded (RFC 3986) in its replies; moto sometimes
    /// returns them as plain JSON. Plain JSON starts with `{`, an encoded document with `%7B`.
    public static func decodePolicyDocument(_ text: String) -> String {
        let trimmed = text.drop(while: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" })
        if trimmed.hasPrefix("{") { return text }
        return URIEncoding.decode(text)
    }

    // MARK: - Pagination

    /// Every role under the path prefix, following `Marker` across pages of `MaxItems`.
    public func listAllRoles(PathPrefix: String? = nil, MaxItems: Int? = nil) async throws -> [Role] {
        try await Pagination.all { marker in
            let page = try await listRoles(ListRolesRequest(PathPrefix: PathPrefix, Marker: marker, MaxItems: MaxItems))
            return (page.Roles ?? [], page.IsTruncated == true ? page.Marker : nil)
        }
    }

    /// Every role of the account with its trust policy, inline policies and tags, in pages of
    /// `MaxItems` (IAM allows 1,000): the one read that covers all of an app's roles.
    public func allRoleDetails(MaxItems: Int = 1000) async throws -> [RoleDetail] {
        try await Pagination.all { marker in
            let page = try await getAccountAuthorizationDetails(.init(Filter: [.role], MaxItems: MaxItems, Marker: marker))
            return (page.RoleDetailList ?? [], page.IsTruncated == true ? page.Marker : nil)
        }
    }

    /// The names of all the role's inline policies.
    public func listAllRolePolicies(RoleName: String) async throws -> [String] {
        try await Pagination.all { marker in
            let page = try await listRolePolicies(ListRolePoliciesRequest(RoleName: RoleName, Marker: marker))
            // Deleting a role needs every policy name: a reply without them is no empty list.
            let names = try page.PolicyNames.required("PolicyNames", Self.service, "ListRolePolicies", for: "role \(RoleName)")
            return (names, page.IsTruncated == true ? page.Marker : nil)
        }
    }

    /// Every policy of the scope (the account's own by default) under the path prefix.
    public func listAllPolicies(Scope: PolicyScopeType? = .local, PathPrefix: String? = nil) async throws -> [Policy] {
        try await Pagination.all { marker in
            let page = try await listPolicies(ListPoliciesRequest(Scope: Scope, PathPrefix: PathPrefix, Marker: marker))
            return (page.Policies ?? [], page.IsTruncated == true ? page.Marker : nil)
        }
    }

    /// Every managed policy attached to the role.
    public func listAllAttachedRolePolicies(RoleName: String) async throws -> [AttachedPolicy] {
        try await Pagination.all { marker in
            let page = try await listAttachedRolePolicies(ListAttachedRolePoliciesRequest(RoleName: RoleName, Marker: marker))
            return (page.AttachedPolicies ?? [], page.IsTruncated == true ? page.Marker : nil)
        }
    }
}

extension IAM.RoleDetail {
    var decodingDocuments: IAM.RoleDetail {
        var copy = self
        copy.AssumeRolePolicyDocument = AssumeRolePolicyDocument.map(IAM.decodePolicyDocument)
        copy.RolePolicyList = RolePolicyList?.map { policy in
            IAM.PolicyDetail(PolicyName: policy.PolicyName, PolicyDocument: policy.PolicyDocument.map(IAM.decodePolicyDocument))
        }
        return copy
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

extension IAM {
    /// The error codes of IAM that Slipway acts on.
    public enum ErrorCode {
        public static let noSuchEntity = AWSErrorCode("NoSuchEntity")
        /// DeleteRole of a role that still has policies (or whose policies are settling).
        public static let deleteConflict = AWSErrorCode("DeleteConflict")
    }
}
