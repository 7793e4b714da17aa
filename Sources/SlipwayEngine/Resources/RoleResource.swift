import AWSCore
import AWSServices

/// An IAM role with its trust policy and one inline policy named `slipway`.
struct RoleResource: ManagedResource {
    static let inlinePolicyName = "slipway"

    let name: String
    let trust: PolicyDocument
    let policy: PolicyDocument
    let tags: SlipwayTags
    let description: String

    var address: ResourceAddress { ResourceAddress(.iamRole, name) }
    var dependencies: [ResourceAddress] { [] }

    enum Fields {
        static let trustPolicy = FieldID("trust policy")
        static let policy = FieldID("policy")
    }

    var desired: [Field] {
        [Field(Fields.trustPolicy, document: trust.canonicalText), Field(Fields.policy, document: policy.canonicalText), tags.field]
    }

    var readsFromListings: Bool { true }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        if let listed = try await context.listings?.roles.value() {
            guard let role = listed[name] else { return nil }
            let inline = role.RolePolicyList?.first { $0.PolicyName == Self.inlinePolicyName }?.PolicyDocument
            return live(trust: role.AssumeRolePolicyDocument, policy: inline, tags: role.Tags ?? [], context)
        }
        let iam = IAM(client: context.client)
        // Both reads at once: a plan's time is mostly round trips.
        async let inlinePolicy = notFoundAsNil(IAM.ErrorCode.noSuchEntity) {
            try await iam.getRolePolicy(.init(RoleName: name, PolicyName: Self.inlinePolicyName)).PolicyDocument
        }
        guard let role = try await notFoundAsNil(IAM.ErrorCode.noSuchEntity, { try await iam.getRole(.init(RoleName: name)).Role.required("Role", IAM.service, "GetRole", for: "role \(name)") }) else {
            _ = try? await inlinePolicy
            return nil
        }
        return live(trust: role.AssumeRolePolicyDocument, policy: (try await inlinePolicy) ?? nil, tags: role.Tags ?? [], context)
    }

    private func live(trust: String?, policy: String?, tags: [IAM.Tag], _ context: EngineContext) -> LiveResource {
        let liveTags = SlipwayTags(live: tagMap(tags, key: \.Key, value: \.Value))
        return LiveResource(fields: [
            Field(Fields.trustPolicy, document: trust.map(PolicyDocument.canonical)),
            Field(Fields.policy, document: policy.map(PolicyDocument.canonical)),
            liveTags.field,
        ], ownedByApp: liveTags.isOwned(by: context.app))
    }

    func create(_ context: EngineContext) async throws {
        let iam = IAM(client: context.client)
        _ = try await iam.createRole(.init(
            RoleName: name, AssumeRolePolicyDocument: trust.jsonText, Description: description,
            Tags: tags.sortedPairs.map { IAM.Tag(Key: $0.key, Value: $0.value) }))
        try await iam.putRolePolicy(.init(RoleName: name, PolicyName: Self.inlinePolicyName, PolicyDocument: policy.jsonText))
    }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let iam = IAM(client: context.client)
        let changed = Set(changes.map(\.id))
        if changed.contains(Fields.trustPolicy) {
            try await iam.updateAssumeRolePolicy(.init(RoleName: name, PolicyDocument: trust.jsonText))
        }
        if changed.contains(Fields.policy) {
            try await iam.putRolePolicy(.init(RoleName: name, PolicyName: Self.inlinePolicyName, PolicyDocument: policy.jsonText))
        }
        if changed.contains(.tags) {
            try await iam.tagRole(.init(RoleName: name, Tags: tags.sortedPairs.map { IAM.Tag(Key: $0.key, Value: $0.value) }))
        }
    }

    /// Deletes the inline policies, then the role; IAM answers `DeleteConflict` while a policy it
    /// has just been given or lost is still settling, so both go again then (as Terraform does).
    func delete(_ context: EngineContext) async throws {
        let iam = IAM(client: context.client)
        // Two minutes, Terraform's bound: a managed policy someone attached by hand never lets go.
        var waiter = context.shortSettling
        waiter.timeout = min(waiter.timeout, .seconds(120))
        try await waiter.retrying(while: { ($0 as? AWSError)?.is(IAM.ErrorCode.deleteConflict) == true }) {
            do {
                for policyName in try await iam.listAllRolePolicies(RoleName: name) {
                    try await iam.deleteRolePolicy(.init(RoleName: name, PolicyName: policyName))
                }
                try await iam.deleteRole(.init(RoleName: name))
            } catch let error as AWSError where error.is(IAM.ErrorCode.noSuchEntity) {
                return
            }
        }
    }
}
