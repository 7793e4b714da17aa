import AWSCore
import AWSServices

/// The pipelines' artifact bucket: encrypted, versioned, every kind of public access blocked.
struct ArtifactBucketResource: ManagedResource {
    let name: String
    let tags: SlipwayTags

    var address: ResourceAddress { ResourceAddress(.artifactBucket, name) }
    var dependencies: [ResourceAddress] { [] }

    static let allBlocked = "all blocked"

    enum Fields {
        static let encryption = FieldID("encryption")
        static let publicAccess = FieldID("public access")
        static let versioning = FieldID("versioning")
    }

    var desired: [Field] {
        [Field(Fields.encryption, "AES256"), Field(Fields.publicAccess, Self.allBlocked), Field(Fields.versioning, "Enabled"), tags.field]
    }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        let s3 = S3(client: context.client)
        guard try await s3.bucketExists(name) else { return nil }
        async let encryption = notFoundAsNil(S3.ErrorCode.serverSideEncryptionConfigurationNotFound) {
            try await s3.getBucketEncryption(.init(Bucket: name)).ServerSideEncryptionConfiguration?.Rules?.first?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm?.rawValue
        }
        async let block = notFoundAsNil(S3.ErrorCode.noSuchPublicAccessBlockConfiguration) {
            try await s3.getPublicAccessBlock(.init(Bucket: name)).PublicAccessBlockConfiguration
        }
        async let versioning = s3.getBucketVersioning(.init(Bucket: name)).Status?.rawValue
        async let tagSet = notFoundAsNil(S3.ErrorCode.noSuchTagSet) { try await s3.getBucketTagging(.init(Bucket: name)).TagSet }
        let liveTags = SlipwayTags(live: tagMap(try await tagSet ?? nil, key: \.Key, value: \.Value))
        return LiveResource(fields: [
            Field(Fields.encryption, try await encryption ?? nil),
            Field(Fields.publicAccess, Self.describe(try await block ?? nil)),
            Field(Fields.versioning, try await versioning),
            liveTags.field,
        ], ownedByApp: liveTags.isOwned(by: context.app))
    }

    func create(_ context: EngineContext) async throws {
        try await createBucket(context)
        try await applyAll(context, fields: [Fields.encryption, Fields.publicAccess, Fields.versioning, .tags])
    }

    /// The bucket alone, settings to follow: a first apply makes it before anything else to hold
    /// the app's lock (a new bucket blocks public access and encrypts by default meanwhile). A
    /// bucket this account already owns is fine: that is the first apply's, or a concurrent one's.
    func createBucket(_ context: EngineContext) async throws {
        let s3 = S3(client: context.client)
        let location = context.region == "us-east-1" ? nil : S3.CreateBucketConfiguration(LocationConstraint: .init(rawValue: context.region))
        do {
            _ = try await s3.createBucket(.init(Bucket: name, CreateBucketConfiguration: location))
        } catch let error as AWSError where error.is(S3.ErrorCode.bucketAlreadyOwnedByYou) {}
    }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        try await applyAll(context, fields: Set(changes.map(\.id)))
    }

    /// The settings at once (a round trip, not four): S3 may refuse one while another change to
    /// the bucket is under way (`OperationAborted`), which is retried.
    private func applyAll(_ context: EngineContext, fields: Set<FieldID>) async throws {
        let s3 = S3(client: context.client)
        let name = name
        let tagSet = tags.sortedPairs.map { S3.Tag(Key: $0.key, Value: $0.value) }
        var puts: [@Sendable () async throws -> Void] = []
        if fields.contains(Fields.encryption) {
            puts.append {
                try await s3.putBucketEncryption(.init(Bucket: name, ServerSideEncryptionConfiguration: .init(Rules: [
                    .init(ApplyServerSideEncryptionByDefault: .init(SSEAlgorithm: "AES256"), BucketKeyEnabled: true),
                ])))
            }
        }
        if fields.contains(Fields.publicAccess) {
            puts.append {
                try await s3.putPublicAccessBlock(.init(Bucket: name, PublicAccessBlockConfiguration: .init(
                    BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true)))
            }
        }
        if fields.contains(Fields.versioning) {
            puts.append { try await s3.putBucketVersioning(.init(Bucket: name, VersioningConfiguration: .init(Status: "Enabled"))) }
        }
        if fields.contains(.tags) {
            puts.append { try await s3.putBucketTagging(.init(Bucket: name, Tagging: .init(TagSet: tagSet))) }
        }
        // A new bucket's settings may meet NoSuchBucket while S3 spreads the bucket (2 minutes, as Terraform).
        let waiter = Waiter(interval: .milliseconds(500), timeout: .seconds(120))
        let settling = SettlingRefusal.bucketNotYetVisible + [SettlingRefusal(S3.ErrorCode.operationAborted)]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for put in puts {
                group.addTask {
                    try await waiter.retrying(while: { error in settling.contains { $0.matches(error) } }, put)
                }
            }
            try await group.waitForAll()
        }
    }

    /// Empties the bucket (every version and delete marker) first: S3 deletes only empty buckets.
    func delete(_ context: EngineContext) async throws {
        let s3 = S3(client: context.client)
        guard try await s3.bucketExists(name) else { return }
        while true {
            let page = try await s3.listObjectVersions(.init(Bucket: name, MaxKeys: 1000))
            let objects = (page.Versions ?? []).compactMap { version in version.Key.map { S3.ObjectIdentifier(Key: $0, VersionId: version.VersionId) } }
                + (page.DeleteMarkers ?? []).compactMap { marker in marker.Key.map { S3.ObjectIdentifier(Key: $0, VersionId: marker.VersionId) } }
            if objects.isEmpty { break }
            _ = try await s3.deleteObjects(.init(Bucket: name, Delete: .init(Objects: objects, Quiet: true)))
        }
        try await s3.deleteBucket(.init(Bucket: name))
    }

    static func describe(_ block: S3.PublicAccessBlockConfiguration?) -> String {
        guard let block else { return "(none)" }
        let all = [block.BlockPublicAcls, block.IgnorePublicAcls, block.BlockPublicPolicy, block.RestrictPublicBuckets]
        if all.allSatisfy({ $0 == true }) { return allBlocked }
        return "BlockPublicAcls=\(block.BlockPublicAcls ?? false), IgnorePublicAcls=\(block.IgnorePublicAcls ?? false), "
            + "BlockPublicPolicy=\(block.BlockPublicPolicy ?? false), RestrictPublicBuckets=\(block.RestrictPublicBuckets ?? false)"
    }
}
