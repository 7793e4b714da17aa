import AWSSigV4
import AWSCore
@testable import AWSServices
@testable import AWSDeployServices
import Foundation
import SlipwayTestSupport
import Testing

/// S3 against the emulator (path-style, signed), plus the XML bodies it sends.
@Suite struct S3Tests {
    static func unique(_ prefix: String) -> String {
        "\(prefix)-\(UInt32.random(in: .min ... .max))"
    }

    static func s3() async throws -> S3 {
        S3(client: try await Emulator.shared.connection().client())
    }

    static let xmlHeader = #"<?xml version="1.0" encoding="UTF-8"?>"#
    static let ns = #"xmlns="http://s3.amazonaws.com/doc/2006-03-01/""#

    // MARK: - Pure

    @Test func requestBodiesAreEscapedXML() {
        #expect(S3.Tagging(TagSet: [.init(Key: "slipway:app", Value: "a&b <c> \"d\" 'e'")]).xmlDocument
                == Self.xmlHeader + "<Tagging \(Self.ns)><TagSet><Tag><Key>slipway:app</Key><Value>a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos;</Value></Tag></TagSet></Tagging>")
        #expect(S3.CreateBucketConfiguration(LocationConstraint: "eu-west-1").xmlDocument
                == Self.xmlHeader + "<CreateBucketConfiguration \(Self.ns)><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>")
        #expect(S3.ServerSideEncryptionConfiguration(Rules: [.init(ApplyServerSideEncryptionByDefault: .init(SSEAlgorithm: "aws:kms", KMSMasterKeyID: "alias/x"), BucketKeyEnabled: true)]).xmlDocument
                == Self.xmlHeader + "<ServerSideEncryptionConfiguration \(Self.ns)><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>alias/x</KMSMasterKeyID></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>")
        #expect(S3.PublicAccessBlockConfiguration(BlockPublicAcls: true, RestrictPublicBuckets: false).xmlDocument
                == Self.xmlHeader + "<PublicAccessBlockConfiguration \(Self.ns)><BlockPublicAcls>true</BlockPublicAcls><RestrictPublicBuckets>false</RestrictPublicBuckets></PublicAccessBlockConfiguration>")
        #expect(S3.VersioningConfiguration(MFADelete: "Disabled", Status: "Enabled").xmlDocument
                == Self.xmlHeader + "<VersioningConfiguration \(Self.ns)><MfaDelete>Disabled</MfaDelete><Status>Enabled</Status></VersioningConfiguration>")
        #expect(S3.Delete(Objects: [.init(Key: "a<b>.txt"), .init(Key: "c", VersionId: "v1")], Quiet: true).xmlDocument
                == Self.xmlHeader + "<Delete \(Self.ns)><Object><Key>a&lt;b&gt;.txt</Key></Object><Object><Key>c</Key><VersionId>v1</VersionId></Object><Quiet>true</Quiet></Delete>")
    }

    @Test func requestBodiesParseBack() throws {
        let tags = S3.Tagging(TagSet: [.init(Key: "k", Value: "x & <y>"), .init(Key: "k2", Value: "")])
        // Read back as the generated calls read S3's replies.
        #expect(try XMLShapeDecoder.decode(S3.Tagging.self, from: XMLNode.parse(Array(tags.xmlDocument.utf8))) == tags)
        // One flattened <Rule> whose only child is a struct must still read as a one-rule list.
        let encryption = S3.ServerSideEncryptionConfiguration(Rules: [.init(ApplyServerSideEncryptionByDefault: .init(SSEAlgorithm: "AES256"))])
        #expect(try XMLShapeDecoder.decode(S3.ServerSideEncryptionConfiguration.self, from: XMLNode.parse(Array(encryption.xmlDocument.utf8))) == encryption)
        let versioning = S3.VersioningConfiguration(MFADelete: "Disabled", Status: "Suspended")
        #expect(try XMLShapeDecoder.decode(S3.VersioningConfiguration.self, from: XMLNode.parse(Array(versioning.xmlDocument.utf8))) == versioning)
    }

    @Test func paths() {
        #expect(S3.path(bucket: "my.bucket") == "/my.bucket")
        #expect(S3.path(bucket: "b", key: "dir/a b+c%/é.txt") == "/b/dir/a%20b%2Bc%25/%C3%A9.txt")
    }

    @Test func contentMD5() {
        #expect(Checksums.md5Base64(Array("".utf8)) == "1B2M2Y8AsgTpgAmY7PhCfg==")
        #expect(Checksums.md5Base64(Array("The quick brown fox jumps over the lazy dog".utf8)) == "nhB9nTcrtoJr2B01QqQZ1g==")
    }

    /// Expected URLs from botocore's S3SigV4QueryAuth with the same keys, at 2024-05-01T12:00:00Z.
    /// (moto cannot check them: with authentication on it answers a presigned GET with a 500.)
    @Test(arguments: [
        ("us-east-1", nil, "slipway-artifacts", "run 1/a+b.zip",
         "https://s3.us-east-1.amazonaws.com/slipway-artifacts/run%201/a%2Bb.zip?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240501T120000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=c57dda54071210fbc82195eeef2ba0d00eac55b1665cf02a1e023cfccd6800d4"),
        ("eu-west-1", "http://127.0.0.1:4566", "b", "k",
         "http://127.0.0.1:4566/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20240501%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20240501T120000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=75539d2d995c25dff650be6040c6091cce1b1b5a4da89b343e3cd06c095df6e9"),
    ] as [(String, String?, String, String, String)])
    func presignedURLsMatchBotocore(region: String, endpoint: String?, bucket: String, key: String, expected: String) async throws {
        let client = AWSClient(
            region: region,
            credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")),
            endpointResolver: EndpointResolver(variables: endpoint.map { ["AWS_ENDPOINT_URL": $0] } ?? [:], profile: nil))
        let url = try await S3(client: client).presignedGetObjectURL(Bucket: bucket, Key: key, expires: 300, at: Date(timeIntervalSince1970: 1_714_564_800))
        func parts(_ url: String) -> (String, Set<Substring>) {
            let split = url.split(separator: "?", maxSplits: 1)
            return (String(split[0]), Set(split[1].split(separator: "&")))
        }
        #expect(parts(url).0 == parts(expected).0)
        #expect(parts(url).1 == parts(expected).1)
    }

    // MARK: - Against the emulator

    @Test func bucketLifecycle() async throws {
        let s3 = try await Self.s3()
        let bucket = Self.unique("slipway-artifacts")
        #expect(try await s3.bucketExists(bucket) == false)
        _ = try await s3.createBucket(.init(Bucket: bucket))
        #expect(try await s3.bucketExists(bucket))
        _ = try await s3.headBucket(.init(Bucket: bucket))
        let listed = try await s3.listBuckets().Buckets ?? []
        let entry = try #require(listed.first { $0.Name == bucket })
        #expect(entry.CreationDate.map { abs($0.timeIntervalSinceNow) < 3600 } == true)

        try await s3.putBucketEncryption(.init(Bucket: bucket, ServerSideEncryptionConfiguration: .init(Rules: [
            .init(ApplyServerSideEncryptionByDefault: .init(SSEAlgorithm: "AES256")),
        ])))
        let sse = try await s3.getBucketEncryption(.init(Bucket: bucket)).ServerSideEncryptionConfiguration
        #expect(sse?.Rules?.map(\.ApplyServerSideEncryptionByDefault?.SSEAlgorithm) == ["AES256"])
        try await s3.putBucketEncryption(.init(Bucket: bucket, ServerSideEncryptionConfiguration: .init(Rules: [
            .init(ApplyServerSideEncryptionByDefault: .init(SSEAlgorithm: "aws:kms", KMSMasterKeyID: "alias/slipway"), BucketKeyEnabled: true),
        ])))
        let kms = try #require(try await s3.getBucketEncryption(.init(Bucket: bucket)).ServerSideEncryptionConfiguration?.Rules?.first)
        #expect(kms.ApplyServerSideEncryptionByDefault == .init(SSEAlgorithm: "aws:kms", KMSMasterKeyID: "alias/slipway"))
        #expect(kms.BucketKeyEnabled == true)

        let noBlock = await #expect(throws: AWSError.self) { try await s3.getPublicAccessBlock(.init(Bucket: bucket)) }
        #expect(noBlock?.code == "NoSuchPublicAccessBlockConfiguration")
        try await s3.putPublicAccessBlock(.init(Bucket: bucket, PublicAccessBlockConfiguration: .blockAll))
        #expect(try await s3.getPublicAccessBlock(.init(Bucket: bucket)).PublicAccessBlockConfiguration == .blockAll)
        try await s3.putPublicAccessBlock(.init(Bucket: bucket, PublicAccessBlockConfiguration: .init(
            BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false)))
        #expect(try await s3.getPublicAccessBlock(.init(Bucket: bucket)).PublicAccessBlockConfiguration?.BlockPublicPolicy == false)
        try await s3.deletePublicAccessBlock(.init(Bucket: bucket))
        let deletedBlock = await #expect(throws: AWSError.self) { try await s3.getPublicAccessBlock(.init(Bucket: bucket)) }
        #expect(deletedBlock?.code == "NoSuchPublicAccessBlockConfiguration")

        #expect(try await s3.getBucketVersioning(.init(Bucket: bucket)).Status == nil)
        try await s3.putBucketVersioning(.init(Bucket: bucket, VersioningConfiguration: .init(Status: "Enabled")))
        #expect(try await s3.getBucketVersioning(.init(Bucket: bucket)).Status == "Enabled")
        try await s3.putBucketVersioning(.init(Bucket: bucket, VersioningConfiguration: .init(Status: "Suspended")))
        #expect(try await s3.getBucketVersioning(.init(Bucket: bucket)).Status == "Suspended")

        let noTags = await #expect(throws: AWSError.self) { try await s3.getBucketTagging(.init(Bucket: bucket)) }
        #expect(noTags?.code == "NoSuchTagSet")
        let tags: [S3.Tag] = [.init(Key: "slipway:app", Value: "demo"), .init(Key: "note", Value: "a & b <c>")]
        try await s3.putBucketTagging(.init(Bucket: bucket, Tagging: .init(TagSet: tags)))
        #expect(Set(try await s3.getBucketTagging(.init(Bucket: bucket)).TagSet ?? []) == Set(tags))
        try await s3.putBucketTagging(.init(Bucket: bucket, Tagging: .init(TagSet: [.init(Key: "slipway:env", Value: "dev")])))
        #expect(try await s3.getBucketTagging(.init(Bucket: bucket)).TagSet == [.init(Key: "slipway:env", Value: "dev")])
        try await s3.deleteBucketTagging(.init(Bucket: bucket))
        let deletedTags = await #expect(throws: AWSError.self) { try await s3.getBucketTagging(.init(Bucket: bucket)) }
        #expect(deletedTags?.code == "NoSuchTagSet")

        try await s3.deleteBucket(.init(Bucket: bucket))
        #expect(try await s3.bucketExists(bucket) == false)
        let head = await #expect(throws: AWSError.self) { try await s3.headBucket(.init(Bucket: bucket)) }
        #expect(head?.code == "NotFound")
        #expect(head?.statusCode == 404)
        let gone = await #expect(throws: AWSError.self) { try await s3.getBucketVersioning(.init(Bucket: bucket)) }
        #expect(gone?.code == "NoSuchBucket")
    }

    @Test func bucketOutsideUSEast1() async throws {
        let emulator = try await Emulator.shared.connection()
        let client = AWSClient(
            region: "eu-west-1",
            credentialProvider: StaticCredentialProvider(AWSCredentials(accessKeyID: emulator.accessKeyID, secretAccessKey: emulator.secretAccessKey)),
            endpointResolver: EndpointResolver(variables: ["AWS_ENDPOINT_URL": emulator.endpoint], profile: nil))
        let s3 = S3(client: client)
        let bucket = Self.unique("slipway-eu")
        _ = try await s3.createBucket(.init(Bucket: bucket))
        #expect(try await s3.headBucket(.init(Bucket: bucket)).BucketRegion == "eu-west-1")
        #expect(try await s3.listBuckets().Buckets?.first { $0.Name == bucket }?.BucketRegion ?? "eu-west-1" == "eu-west-1")
        try await s3.deleteBucket(.init(Bucket: bucket))
    }

    @Test func headBucketWithoutPermission() async throws {
        let emulator = try await Emulator.shared.connection()
        let iam = IAM(client: emulator.client())
        let s3 = S3(client: emulator.client())
        let bucket = Self.unique("slipway-private")
        _ = try await s3.createBucket(.init(Bucket: bucket))
        let user = Self.unique("slipway-nobody")
        _ = try await iam.createUser(.init(UserName: user))
        let key = try #require(try await iam.createAccessKey(.init(UserName: user)).AccessKey)
        let keyID = try #require(key.AccessKeyId)
        let asNobody = S3(client: emulator.client(accessKeyID: keyID, secretAccessKey: key.SecretAccessKey))

        let head = await #expect(throws: AWSError.self) { try await asNobody.headBucket(.init(Bucket: bucket)) }
        #expect(head?.code == "Forbidden")
        #expect(head?.statusCode == 403)
        await #expect(throws: AWSError.self) { try await asNobody.bucketExists(bucket) }
        let get = await #expect(throws: AWSError.self) { try await asNobody.getBucketTagging(.init(Bucket: bucket)) }
        #expect(get?.code == "AccessDenied")

        try await iam.deleteAccessKey(.init(UserName: user, AccessKeyId: keyID))
        try await iam.deleteUser(.init(UserName: user))
        try await s3.deleteBucket(.init(Bucket: bucket))
    }

    @Test func objects() async throws {
        let emulator = try await Emulator.shared.connection()
        let s3 = S3(client: emulator.client())
        let bucket = Self.unique("slipway-objects")
        _ = try await s3.createBucket(.init(Bucket: bucket))
        let key = "artifacts/run 1/imagedefinitions+é.json"
        let body = Array(#"{"image":"123.dkr.ecr.us-east-1.amazonaws.com/demo/web@sha256:abc"}"#.utf8)

        let put = try await s3.putObject(.init(Body: body, Bucket: bucket, ContentType: "application/json", Key: key, Metadata: ["slipway-run": "1"]))
        let eTag = try #require(put.ETag)
        #expect(eTag == "\"\(md5Hex(body))\"")

        let got = try await s3.getObject(.init(Bucket: bucket, Key: key))
        #expect(got.Body == body)
        #expect(got.ETag == eTag)
        #expect(got.ContentType == "application/json")
        #expect(got.ContentLength == Int64(body.count))
        #expect(got.Metadata == ["slipway-run": "1"])
        #expect(got.LastModified.map { abs($0.timeIntervalSinceNow) < 3600 } == true)
        let range = try await s3.getObject(.init(Bucket: bucket, Key: key, Range: "bytes=0-7"))
        #expect(range.Body == Array(body.prefix(8)))

        let head = try await s3.headObject(.init(Bucket: bucket, Key: key))
        #expect(head.ETag == eTag)
        #expect(head.ContentLength == Int64(body.count))
        #expect(head.ContentType == "application/json")

        for name in ["artifacts/run 2/a.zip", "artifacts/run 2/b.zip", "other/c.txt"] {
            _ = try await s3.putObject(.init(Body: Array(name.utf8), Bucket: bucket, Key: name))
        }
        let top = try await s3.listObjectsV2(.init(Bucket: bucket, Delimiter: "/", Prefix: "artifacts/"))
        #expect(top.Contents == nil)
        #expect(top.CommonPrefixes?.compactMap(\.Prefix) == ["artifacts/run 1/", "artifacts/run 2/"])
        let page = try await s3.listObjectsV2(.init(Bucket: bucket, MaxKeys: 2))
        #expect(page.IsTruncated == true)
        #expect(page.KeyCount == 2)
        #expect(page.NextContinuationToken != nil)
        let all = try await s3.listAllObjects(Bucket: bucket, MaxKeys: 1)
        #expect(all.compactMap(\.Key) == ["artifacts/run 1/imagedefinitions+é.json", "artifacts/run 2/a.zip", "artifacts/run 2/b.zip", "other/c.txt"])
        #expect(all.first?.Size == Int64(body.count))
        #expect(all.first?.ETag == eTag)
        #expect(try await s3.listAllObjects(Bucket: bucket, Prefix: "other/").compactMap(\.Key) == ["other/c.txt"])

        _ = try await s3.deleteObject(.init(Bucket: bucket, Key: key))
        let missing = await #expect(throws: AWSError.self) { try await s3.getObject(.init(Bucket: bucket, Key: key)) }
        #expect(missing?.code == "NoSuchKey")
        let missingHead = await #expect(throws: AWSError.self) { try await s3.headObject(.init(Bucket: bucket, Key: key)) }
        #expect(missingHead?.code == "NotFound")

        let batch = try await s3.deleteObjects(.init(Bucket: bucket, Delete: .init(Objects: [
            .init(Key: "artifacts/run 2/a.zip"), .init(Key: "artifacts/run 2/b.zip"), .init(Key: "other/c.txt"),
        ])))
        #expect(Set(batch.Deleted?.compactMap(\.Key) ?? []) == ["artifacts/run 2/a.zip", "artifacts/run 2/b.zip", "other/c.txt"])
        #expect(batch.Errors == nil)
        #expect(try await s3.listAllObjects(Bucket: bucket).isEmpty)
        try await s3.deleteBucket(.init(Bucket: bucket))
    }

    @Test func emptyingAVersionedBucket() async throws {
        let s3 = try await Self.s3()
        let bucket = Self.unique("slipway-versions")
        _ = try await s3.createBucket(.init(Bucket: bucket))
        try await s3.putBucketVersioning(.init(Bucket: bucket, VersioningConfiguration: .init(Status: "Enabled")))
        let v1 = try await s3.putObject(.init(Body: Array("one".utf8), Bucket: bucket, Key: "k"))
        let v2 = try await s3.putObject(.init(Body: Array("two".utf8), Bucket: bucket, Key: "k"))
        #expect(v1.VersionId != nil && v1.VersionId != v2.VersionId)
        _ = try await s3.putObject(.init(Body: Array("x".utf8), Bucket: bucket, Key: "single"))
        let marker = try await s3.deleteObject(.init(Bucket: bucket, Key: "k"))
        #expect(marker.DeleteMarker == true)

        let old = try await s3.getObject(.init(Bucket: bucket, Key: "k", VersionId: v1.VersionId))
        #expect(old.Body == Array("one".utf8))
        #expect(old.VersionId == v1.VersionId)

        let versions = try await s3.listObjectVersions(.init(Bucket: bucket))
        let versionIds = Set(versions.Versions?.compactMap(\.VersionId) ?? [])
        #expect(versionIds.contains(try #require(v1.VersionId)))
        #expect(versionIds.contains(try #require(v2.VersionId)))
        #expect(versions.Versions?.count == 3)
        #expect(versions.DeleteMarkers?.count == 1)
        #expect(versions.DeleteMarkers?.first?.Key == "k")
        #expect(versions.DeleteMarkers?.first?.IsLatest == true)

        let notEmpty = await #expect(throws: AWSError.self) { try await s3.deleteBucket(.init(Bucket: bucket)) }
        #expect(notEmpty?.code == "BucketNotEmpty")
        #expect(try await s3.emptyBucket(bucket) == 4)
        let after = try await s3.listObjectVersions(.init(Bucket: bucket))
        #expect(after.Versions == nil && after.DeleteMarkers == nil)
        try await s3.deleteBucket(.init(Bucket: bucket))
        #expect(try await s3.bucketExists(bucket) == false)
    }
}

/// Hex MD5, the ETag S3 gives an object uploaded in one part.
private func md5Hex(_ bytes: [UInt8]) -> String {
    Array(Data(base64Encoded: Checksums.md5Base64(bytes)) ?? Data()).hexString
}
