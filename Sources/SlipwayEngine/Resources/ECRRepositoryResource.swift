import AWSCore
import AWSServices

/// A service's image repository, shared by its environments, with scan on push and a
/// lifecycle policy that keeps the recent images.
struct ECRRepositoryResource: ManagedResource {
    static let keptImages = 30

    let name: String
    let tags: SlipwayTags

    var address: ResourceAddress { ResourceAddress(.ecrRepository, name) }
    var dependencies: [ResourceAddress] { [] }

    var lifecyclePolicy: JSONValue {
        .object(["rules": .array([.object([
            "rulePriority": .number(1),
            "description": .string("Keep the \(Self.keptImages) most recent images"),
            "selection": .object([
                "tagStatus": .string("any"), "countType": .string("imageCountMoreThan"), "countNumber": .number(Double(Self.keptImages)),
            ]),
            "action": .object(["type": .string("expire")]),
        ])])])
    }

    enum Fields {
        static let scanOnPush = FieldID("scan on push")
        static let lifecyclePolicy = FieldID("lifecycle policy")
    }

    var desired: [Field] {
        [Field(Fields.scanOnPush, boolean: true), Field(Fields.lifecyclePolicy, document: lifecyclePolicy.jsonText()), tags.field]
    }

    var readsFromListings: Bool { true }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        let ecr = ECR(client: context.client)
        let arn = context.arns.ecrRepository(name)
        // The three reads at once; the lifecycle and tag reads fail too when the repository is missing.
        async let policyRead = try? await notFoundAsNil(ECR.ErrorCode.lifecyclePolicyNotFound) {
            try await ecr.getLifecyclePolicy(.init(repositoryName: name)).lifecyclePolicyText
        }
        async let tagsRead = try? await AccountListings.tags(of: arn, in: context.listings) {
            tagMap(try await ecr.listTagsForResource(.init(resourceArn: arn)).tags, key: \.Key, value: \.Value)
        }
        let found = if let listed = try await context.listings?.repositories.value() {
            listed[name]
        } else {
            try await context.batches.repositories.load(name)
        }
        let (policyText, liveTags) = (await policyRead ?? nil, await tagsRead ?? [:])
        guard let repository = found else { return nil }
        let slipway = SlipwayTags(live: liveTags)
        return LiveResource(fields: [
            Field(Fields.scanOnPush, boolean: repository.imageScanningConfiguration?.scanOnPush ?? false),
            Field(Fields.lifecyclePolicy, document: policyText.flatMap { try? JSONValue.parse(Array($0.utf8)).jsonText() }),
            slipway.field,
        ], ownedByApp: slipway.isOwned(by: context.app))
    }

    func create(_ context: EngineContext) async throws {
        let ecr = ECR(client: context.client)
        _ = try await ecr.createRepository(.init(
            repositoryName: name, tags: ecrTags, imageTagMutability: "MUTABLE",
            imageScanningConfiguration: .init(scanOnPush: true)))
        _ = try await ecr.putLifecyclePolicy(.init(repositoryName: name, lifecyclePolicyText: lifecyclePolicy.jsonText()))
    }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let ecr = ECR(client: context.client)
        let changed = Set(changes.map(\.id))
        if changed.contains(Fields.scanOnPush) {
            _ = try await ecr.putImageScanningConfiguration(.init(repositoryName: name, imageScanningConfiguration: .init(scanOnPush: true)))
        }
        if changed.contains(Fields.lifecyclePolicy) {
            _ = try await ecr.putLifecyclePolicy(.init(repositoryName: name, lifecyclePolicyText: lifecyclePolicy.jsonText()))
        }
        if changed.contains(.tags) {
            try await ecr.tagResource(.init(resourceArn: context.arns.ecrRepository(name), tags: ecrTags))
        }
    }

    /// Deletes the repository with its images.
    func delete(_ context: EngineContext) async throws {
        do {
            _ = try await ECR(client: context.client).deleteRepository(.init(repositoryName: name, force: true))
        } catch let error as AWSError where error.is(ECR.ErrorCode.repositoryNotFound) {
            return
        }
    }

    private var ecrTags: [ECR.Tag] {
        tags.sortedPairs.map { ECR.Tag(Key: $0.key, Value: $0.value) }
    }
}
