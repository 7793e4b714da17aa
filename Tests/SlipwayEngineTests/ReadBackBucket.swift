import AWSCore
import AWSServices
import Testing

/// The artifact bucket as the pipelines need it: encrypted, versioned, public access blocked, tagged.
enum ReadBackBucket {
    static func verify(client: AWSClient, bucket: String, app: String) async throws {
        let s3 = S3(client: client)
        #expect(try await s3.bucketExists(bucket))
        let encryption = try await s3.getBucketEncryption(.init(Bucket: bucket)).ServerSideEncryptionConfiguration
        #expect(encryption?.Rules?.first?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm == "AES256")
        let block = try await s3.getPublicAccessBlock(.init(Bucket: bucket)).PublicAccessBlockConfiguration
        #expect(block?.BlockPublicAcls == true && block?.RestrictPublicBuckets == true)
        #expect(try await s3.getBucketVersioning(.init(Bucket: bucket)).Status == "Enabled")
        #expect(try await s3.getBucketTagging(.init(Bucket: bucket)).TagSet?.contains { $0.Key == "slipway:app" && $0.Value == app } == true)
    }
}
