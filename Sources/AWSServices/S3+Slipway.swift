import AWSCore

/// Amazon S3: the pipeline's artifact bucket and the objects in it.
///
/// Requests use path-style addressing (`/{bucket}/{key}` on the regional endpoint, or on a
/// configured one such as the emulator). Virtual-hosted addressing (`{bucket}.s3.…`) needs a
/// host per bucket, which `AWSClient.send` cannot yet take; path-style works for every bucket
/// name Slipway creates (DNS-compatible, so also for dotted names where virtual-hosted TLS fails).
public struct S3: Sendable {
    public static let service = AWSServiceDescription(serviceID: "S3", signingName: "s3", endpointPrefix: "s3", wireProtocol: .restXML)
    public let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    /// The request path of a bucket, or of a key in it: the key is percent-encoded segment by segment.
    public static func path(bucket: String, key: String? = nil) -> String {
        "/" + URIEncoding.encode(bucket) + (key.map { "/" + URIEncoding.encode($0, keepingSlash: true) } ?? "")
    }

    func request(
        _ operation: String, _ method: String, bucket: String, key: String? = nil, query: [(String, String)] = [],
        headers: [(String, String)] = [], body: [UInt8] = []
    ) async throws -> HTTPResponse {
        try await client.rest(Self.service, operation, method: method, path: Self.path(bucket: bucket, key: key), query: query, headers: headers, body: body)
    }

    /// Sends an XML document with the `Content-MD5` that S3 requires for configuration writes.
    func send(_ operation: String, _ method: String, bucket: String, query: [(String, String)], document: String) async throws -> HTTPResponse {
        let body = Array(document.utf8)
        return try await request(operation, method, bucket: bucket, query: query,
                                 headers: [("Content-Type", "application/xml"), ("Content-MD5", Checksums.md5Base64(body))], body: body)
    }

    func parse(_ response: HTTPResponse, _ operation: String) throws -> XMLNode {
        do {
            return try XMLNode.parse(response.body)
        } catch {
            throw AWSClientError.unreadableReply(service: "S3", operation: operation, reason: "\(error)")
        }
    }

    func decode<T>(_ operation: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw AWSClientError.unreadableReply(service: "S3", operation: operation, reason: "\(error)")
        }
    }

    // MARK: - Buckets

    public struct CreateBucketRequest: Codable, Sendable {
        public var ACL: String?
        public var Bucket: String
        /// Nil creates the bucket in the client's region (S3 takes no configuration for us-east-1).
        public var CreateBucketConfiguration: CreateBucketConfiguration?
        /// `BucketOwnerEnforced` (AWS's default: no ACLs), `BucketOwnerPreferred` or `ObjectWriter`.
        public var ObjectOwnership: String?

        public init(ACL: String? = nil, Bucket: String, CreateBucketConfiguration: CreateBucketConfiguration? = nil, ObjectOwnership: String? = nil) {
            self.ACL = ACL
            self.Bucket = Bucket
            self.CreateBucketConfiguration = CreateBucketConfiguration
            self.ObjectOwnership = ObjectOwnership
        }
    }

    public struct CreateBucketOutput: Codable, Sendable, Equatable {
        public var Location: String?
    }

    /// Throws `AWSError` with code `BucketAlreadyOwnedByYou` or `BucketAlreadyExists` when the name is taken.
    public func createBucket(_ input: CreateBucketRequest) async throws -> CreateBucketOutput {
        var configuration = input.CreateBucketConfiguration
        if configuration == nil, client.region != "us-east-1" {
            configuration = CreateBucketConfiguration(LocationConstraint: client.region)
        }
        var headers: [(String, String)] = []
        if let acl = input.ACL { headers.append(("x-amz-acl", acl)) }
        if let ownership = input.ObjectOwnership { headers.append(("x-amz-object-ownership", ownership)) }
        let body = configuration.map { Array($0.xmlDocument.utf8) } ?? []
        if !body.isEmpty { headers.append(("Content-Type", "application/xml")) }
        let response = try await request("CreateBucket", "PUT", bucket: input.Bucket, headers: headers, body: body)
        return CreateBucketOutput(Location: response.header("Location"))
    }

    public struct HeadBucketRequest: Codable, Sendable {
        public var Bucket: String
        public var ExpectedBucketOwner: String?

        public init(Bucket: String, ExpectedBucketOwner: String? = nil) {
            self.Bucket = Bucket
            self.ExpectedBucketOwner = ExpectedBucketOwner
        }
    }

    public struct HeadBucketOutput: Codable, Sendable, Equatable {
        public var BucketRegion: String?
        public var AccessPointAlias: Bool?
    }

    /// Throws `AWSError` with code `NotFound` (HTTP 404) when the bucket does not exist and
    /// `Forbidden` (HTTP 403) when it is someone else's (a HEAD reply has no body to say more).
    public func headBucket(_ input: HeadBucketRequest) async throws -> HeadBucketOutput {
        let headers = input.ExpectedBucketOwner.map { [("x-amz-expected-bucket-owner", $0)] } ?? []
        let response = try await request("HeadBucket", "HEAD", bucket: input.Bucket, headers: headers)
        return HeadBucketOutput(BucketRegion: response.header("x-amz-bucket-region"),
                                AccessPointAlias: response.header("x-amz-access-point-alias").map { $0 == "true" })
    }

    /// Whether the bucket exists and is reachable with these credentials; `Forbidden` and other errors are thrown.
    public func bucketExists(_ bucket: String) async throws -> Bool {
        do {
            _ = try await headBucket(HeadBucketRequest(Bucket: bucket))
            return true
        } catch let error as AWSError where error.is(S3.ErrorCode.notFound, S3.ErrorCode.noSuchBucket) {
            return false
        }
    }

    public struct DeleteBucketRequest: Codable, Sendable {
        public var Bucket: String

        public init(Bucket: String) {
            self.Bucket = Bucket
        }
    }

    /// The bucket must be empty (`BucketNotEmpty` otherwise): see `emptyBucket`.
    public func deleteBucket(_ input: DeleteBucketRequest) async throws {
        _ = try await request("DeleteBucket", "DELETE", bucket: input.Bucket)
    }

    public struct ListBucketsRequest: Codable, Sendable {
        public var MaxBuckets: Int?
        public var ContinuationToken: String?
        public var Prefix: String?
        public var BucketRegion: String?

        public init(MaxBuckets: Int? = nil, ContinuationToken: String? = nil, Prefix: String? = nil, BucketRegion: String? = nil) {
            self.MaxBuckets = MaxBuckets
            self.ContinuationToken = ContinuationToken
            self.Prefix = Prefix
            self.BucketRegion = BucketRegion
        }
    }

    public struct ListBucketsOutput: Codable, Sendable, Equatable {
        public var Buckets: [Bucket]?
        public var Owner: Owner?
        public var ContinuationToken: String?
        public var Prefix: String?
    }

    public func listBuckets(_ input: ListBucketsRequest = ListBucketsRequest()) async throws -> ListBucketsOutput {
        var query: [(String, String)] = []
        if let value = input.MaxBuckets { query.append(("max-buckets", String(value))) }
        if let value = input.ContinuationToken { query.append(("continuation-token", value)) }
        if let value = input.Prefix { query.append(("prefix", value)) }
        if let value = input.BucketRegion { query.append(("bucket-region", value)) }
        let response = try await client.rest(Self.service, "ListBuckets", method: "GET", path: "/", query: query)
        let root = try parse(response, "ListBuckets")
        return try decode("ListBuckets") {
            ListBucketsOutput(Buckets: try root["Buckets"]?.decodeAll("Bucket"),
                              Owner: try root["Owner"].map { try XMLShapeDecoder.decode(Owner.self, from: $0) },
                              ContinuationToken: root.childText("ContinuationToken"), Prefix: root.childText("Prefix"))
        }
    }

    // MARK: - Bucket configuration

    public struct PutBucketEncryptionRequest: Codable, Sendable {
        public var Bucket: String
        public var ServerSideEncryptionConfiguration: ServerSideEncryptionConfiguration

        public init(Bucket: String, ServerSideEncryptionConfiguration: ServerSideEncryptionConfiguration) {
            self.Bucket = Bucket
            self.ServerSideEncryptionConfiguration = ServerSideEncryptionConfiguration
        }
    }

    public func putBucketEncryption(_ input: PutBucketEncryptionRequest) async throws {
        _ = try await send("PutBucketEncryption", "PUT", bucket: input.Bucket, query: [("encryption", "")],
                           document: input.ServerSideEncryptionConfiguration.xmlDocument)
    }

    public struct GetBucketEncryptionRequest: Codable, Sendable {
        public var Bucket: String

        public init(Bucket: String) {
            self.Bucket = Bucket
        }
    }

    public struct GetBucketEncryptionOutput: Codable, Sendable, Equatable {
        public var ServerSideEncryptionConfiguration: ServerSideEncryptionConfiguration?
    }

    /// Throws `AWSError` with code `ServerSideEncryptionConfigurationNotFoundError` when the bucket has none
    /// (AWS gives every bucket SSE-S3 since 2023; older buckets and emulators may have none).
    public func getBucketEncryption(_ input: GetBucketEncryptionRequest) async throws -> GetBucketEncryptionOutput {
        let response = try await request("GetBucketEncryption", "GET", bucket: input.Bucket, query: [("encryption", "")])
        let root = try parse(response, "GetBucketEncryption")
        return try decode("GetBucketEncryption") { GetBucketEncryptionOutput(ServerSideEncryptionConfiguration: try .init(xml: root)) }
    }

    public struct PutPublicAccessBlockRequest: Codable, Sendable {
        public var Bucket: String
        public var PublicAccessBlockConfiguration: PublicAccessBlockConfiguration

        public init(Bucket: String, PublicAccessBlockConfiguration: PublicAccessBlockConfiguration) {
            self.Bucket = Bucket
            self.PublicAccessBlockConfiguration = PublicAccessBlockConfiguration
        }
    }

    public func putPublicAccessBlock(_ input: PutPublicAccessBlockRequest) async throws {
        _ = try await send("PutPublicAccessBlock", "PUT", bucket: input.Bucket, query: [("publicAccessBlock", "")],
                           document: input.PublicAccessBlockConfiguration.xmlDocument)
    }

    public struct GetPublicAccessBlockRequest: Codable, Sendable {
        public var Bucket: String

        public init(Bucket: String) {
            self.Bucket = Bucket
        }
    }

    public struct GetPublicAccessBlockOutput: Codable, Sendable, Equatable {
        public var PublicAccessBlockConfiguration: PublicAccessBlockConfiguration?
    }

    /// Throws `AWSError` with code `NoSuchPublicAccessBlockConfiguration` when the bucket has none.
    public func getPublicAccessBlock(_ input: GetPublicAccessBlockRequest) async throws -> GetPublicAccessBlockOutput {
        let response = try await request("GetPublicAccessBlock", "GET", bucket: input.Bucket, query: [("publicAccessBlock", "")])
        let root = try parse(response, "GetPublicAccessBlock")
        return try decode("GetPublicAccessBlock") {
            GetPublicAccessBlockOutput(PublicAccessBlockConfiguration: try XMLShapeDecoder.decode(PublicAccessBlockConfiguration.self, from: root))
        }
    }

    public struct DeletePublicAccessBlockRequest: Codable, Sendable {
        public var Bucket: String

        public init(Bucket: String) {
            self.Bucket = Bucket
        }
    }

    public func deletePublicAccessBlock(_ input: DeletePublicAccessBlockRequest) async throws {
        _ = try await request("DeletePublicAccessBlock", "DELETE", bucket: input.Bucket, query: [("publicAccessBlock", "")])
    }

    public struct PutBucketVersioningRequest: Codable, Sendable {
        public var Bucket: String
        public var VersioningConfiguration: VersioningConfiguration

        public init(Bucket: String, VersioningConfiguration: VersioningConfiguration) {
            self.Bucket = Bucket
            self.VersioningConfiguration = VersioningConfiguration
        }
    }

    public func putBucketVersioning(_ input: PutBucketVersioningRequest) async throws {
        _ = try await send("PutBucketVersioning", "PUT", bucket: input.Bucket, query: [("versioning", "")],
                           document: input.VersioningConfiguration.xmlDocument)
    }

    public struct GetBucketVersioningRequest: Codable, Sendable {
        public var Bucket: String

        public init(Bucket: String) {
            self.Bucket = Bucket
        }
    }

    public struct GetBucketVersioningOutput: Codable, Sendable, Equatable {
        /// Nil for a bucket that never had versioning turned on.
        public var Status: String?
        public var MFADelete: String?
    }

    public func getBucketVersioning(_ input: GetBucketVersioningRequest) async throws -> GetBucketVersioningOutput {
        let response = try await request("GetBucketVersioning", "GET", bucket: input.Bucket, query: [("versioning", "")])
        let configuration = VersioningConfiguration(xml: try parse(response, "GetBucketVersioning"))
        return GetBucketVersioningOutput(Status: configuration.Status, MFADelete: configuration.MFADelete)
    }

    public struct PutBucketTaggingRequest: Codable, Sendable {
        public var Bucket: String
        public var Tagging: Tagging

        public init(Bucket: String, Tagging: Tagging) {
            self.Bucket = Bucket
            self.Tagging = Tagging
        }
    }

    /// Replaces all the bucket's tags.
    public func putBucketTagging(_ input: PutBucketTaggingRequest) async throws {
        _ = try await send("PutBucketTagging", "PUT", bucket: input.Bucket, query: [("tagging", "")], document: input.Tagging.xmlDocument)
    }

    public struct GetBucketTaggingRequest: Codable, Sendable {
        public var Bucket: String

        public init(Bucket: String) {
            self.Bucket = Bucket
        }
    }

    public struct GetBucketTaggingOutput: Codable, Sendable, Equatable {
        public var TagSet: [Tag]
    }

    /// Throws `AWSError` with code `NoSuchTagSet` when the bucket has no tags.
    public func getBucketTagging(_ input: GetBucketTaggingRequest) async throws -> GetBucketTaggingOutput {
        let response = try await request("GetBucketTagging", "GET", bucket: input.Bucket, query: [("tagging", "")])
        let root = try parse(response, "GetBucketTagging")
        return try decode("GetBucketTagging") { GetBucketTaggingOutput(TagSet: try Tagging(xml: root).TagSet) }
    }

    public struct DeleteBucketTaggingRequest: Codable, Sendable {
        public var Bucket: String

        public init(Bucket: String) {
            self.Bucket = Bucket
        }
    }

    public func deleteBucketTagging(_ input: DeleteBucketTaggingRequest) async throws {
        _ = try await request("DeleteBucketTagging", "DELETE", bucket: input.Bucket, query: [("tagging", "")])
    }
}

extension S3 {
    /// The error codes of S3 that Slipway acts on.
    public enum ErrorCode {
        public static let noSuchBucket = AWSErrorCode("NoSuchBucket")
        public static let noSuchKey = AWSErrorCode("NoSuchKey")
        public static let notFound = AWSErrorCode("NotFound")
        public static let serverSideEncryptionConfigurationNotFound = AWSErrorCode("ServerSideEncryptionConfigurationNotFoundError")
        public static let noSuchPublicAccessBlockConfiguration = AWSErrorCode("NoSuchPublicAccessBlockConfiguration")
        public static let noSuchTagSet = AWSErrorCode("NoSuchTagSet")
    }
}
