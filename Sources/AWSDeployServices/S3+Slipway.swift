import AWSSigV4
import AWSCore

// Amazon S3: the pipeline's artifact bucket and the objects in it. The shapes and most calls are
// generated (Generated/S3.swift); written here are the calls whose request body is XML, which
// AWSCore cannot encode (scripts/shapes-manifest.json, `handWritten`), with their XML writers,
// and Slipway's conveniences (bucketExists, listAllObjects, emptyBucket, presigned URLs).
//
// Requests use path-style addressing (`/{bucket}/{key}` on the regional endpoint, or on a
// configured one such as the emulator). Virtual-hosted addressing (`{bucket}.s3.…`) needs a
// host per bucket, which `AWSClient.send` cannot yet take; path-style works for every bucket
// name Slipway creates (DNS-compatible, so also for dotted names where virtual-hosted TLS fails).
extension S3 {
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

    // MARK: - Calls with an XML body

    /// Nil `CreateBucketConfiguration` creates the bucket in the client's region (S3 takes no
    /// configuration for us-east-1). Throws `AWSError` with code `BucketAlreadyOwnedByYou` or
    /// `BucketAlreadyExists` when the name is taken.
    @discardableResult
    public func createBucket(_ input: CreateBucketRequest) async throws -> CreateBucketOutput {
        var configuration = input.CreateBucketConfiguration
        if configuration == nil, client.region != "us-east-1" {
            configuration = CreateBucketConfiguration(LocationConstraint: BucketLocationConstraint(rawValue: client.region))
        }
        var headers: [(String, String)] = []
        if let acl = input.ACL { headers.append(("x-amz-acl", acl.rawValue)) }
        if let ownership = input.ObjectOwnership { headers.append(("x-amz-object-ownership", ownership.rawValue)) }
        let body = configuration.map { Array($0.xmlDocument.utf8) } ?? []
        if !body.isEmpty { headers.append(("Content-Type", "application/xml")) }
        let response = try await request("CreateBucket", "PUT", bucket: input.Bucket, headers: headers, body: body)
        return CreateBucketOutput(Location: response.header("Location"), BucketArn: response.header("x-amz-bucket-arn"))
    }

    public func putBucketEncryption(_ input: PutBucketEncryptionRequest) async throws {
        _ = try await send("PutBucketEncryption", "PUT", bucket: input.Bucket, query: [("encryption", "")],
                           document: input.ServerSideEncryptionConfiguration.xmlDocument)
    }

    public func putPublicAccessBlock(_ input: PutPublicAccessBlockRequest) async throws {
        _ = try await send("PutPublicAccessBlock", "PUT", bucket: input.Bucket, query: [("publicAccessBlock", "")],
                           document: input.PublicAccessBlockConfiguration.xmlDocument)
    }

    public func putBucketVersioning(_ input: PutBucketVersioningRequest) async throws {
        _ = try await send("PutBucketVersioning", "PUT", bucket: input.Bucket, query: [("versioning", "")],
                           document: input.VersioningConfiguration.xmlDocument)
    }

    /// Replaces all the bucket's tags.
    public func putBucketTagging(_ input: PutBucketTaggingRequest) async throws {
        _ = try await send("PutBucketTagging", "PUT", bucket: input.Bucket, query: [("tagging", "")], document: input.Tagging.xmlDocument)
    }

    /// The keys that could not be deleted are in `Errors` (the call itself succeeds).
    @discardableResult
    public func deleteObjects(_ input: DeleteObjectsRequest) async throws -> DeleteObjectsOutput {
        let response = try await send("DeleteObjects", "POST", bucket: input.Bucket, query: [("delete", "")], document: input.Delete.xmlDocument)
        do {
            return try XMLShapeDecoder.decode(DeleteObjectsOutput.self, from: XMLNode.parse(response.body))
        } catch {
            throw AWSClientError.unreadableReply(service: "S3", operation: "DeleteObjects", reason: "\(error)")
        }
    }

    // MARK: - Conveniences

    /// Whether the bucket exists and is reachable with these credentials; `Forbidden` and other errors are thrown.
    /// (HeadBucket answers `NotFound`, HTTP 404, for a missing bucket: a HEAD reply has no body to say more.)
    public func bucketExists(_ bucket: String) async throws -> Bool {
        do {
            _ = try await headBucket(HeadBucketRequest(Bucket: bucket))
            return true
        } catch let error as AWSError where error.is(S3.ErrorCode.notFound, S3.ErrorCode.noSuchBucket) {
            return false
        }
    }

    /// Every object under the prefix, following `NextContinuationToken` across pages of `MaxKeys`.
    public func listAllObjects(Bucket: String, Prefix: String? = nil, MaxKeys: Int? = nil) async throws -> [Object] {
        try await Pagination.all { token in
            let page = try await listObjectsV2(ListObjectsV2Request(Bucket: Bucket, MaxKeys: MaxKeys, Prefix: Prefix, ContinuationToken: token))
            return (page.Contents ?? [], page.IsTruncated == true ? page.NextContinuationToken : nil)
        }
    }

    /// Deletes every object version and delete marker (or, in an unversioned bucket, every object),
    /// 1000 per DeleteObjects call, so that DeleteBucket can succeed. Returns how many were deleted.
    @discardableResult
    public func emptyBucket(_ bucket: String) async throws -> Int {
        var deleted = 0
        var keyMarker: String?
        var versionMarker: String?
        var seen: Set<String> = []
        while true {
            let page = try await listObjectVersions(ListObjectVersionsRequest(Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionMarker))
            let identifiers = (page.Versions ?? []).compactMap { version in version.Key.map { ObjectIdentifier(Key: $0, VersionId: version.VersionId) } }
                + (page.DeleteMarkers ?? []).compactMap { marker in marker.Key.map { ObjectIdentifier(Key: $0, VersionId: marker.VersionId) } }
            for start in stride(from: 0, to: identifiers.count, by: 1000) {
                let batch = Array(identifiers[start..<min(start + 1000, identifiers.count)])
                let result = try await deleteObjects(DeleteObjectsRequest(Bucket: bucket, Delete: Delete(Objects: batch, Quiet: true)))
                if let failure = result.Errors?.first {
                    // DeleteObjects answers 200 and lists each object it could not delete: an S3 error all the same.
                    throw AWSError(service: "S3", operation: "DeleteObjects", code: failure.Code ?? "InternalError",
                                   message: "could not delete \(failure.Key ?? "?") from \(bucket): \(failure.Message ?? "no reason given")", statusCode: 200)
                }
                deleted += batch.count
            }
            guard page.IsTruncated == true, let next = page.NextKeyMarker,
                  seen.insert(next + "\u{0}" + (page.NextVersionIdMarker ?? "")).inserted else { return deleted }
            keyMarker = next
            versionMarker = page.NextVersionIdMarker
        }
    }

    /// An object as a conditional writer needs it: its body, its ETag, and S3's own clock (the
    /// reply's `Date`) beside its `LastModified`.
    public struct StoredObject: Sendable {
        public let body: [UInt8]
        public let etag: String
        public let lastModified: Date?
        /// When S3 answered, by S3's clock; nil when the reply has no readable `Date`.
        public let serverDate: Date?

        public init(body: [UInt8], etag: String, lastModified: Date?, serverDate: Date?) {
            self.body = body
            self.etag = etag
            self.lastModified = lastModified
            self.serverDate = serverDate
        }
    }

    /// The object, or nil when the bucket holds no such key (or no such bucket).
    public func storedObject(Bucket: String, Key: String) async throws -> StoredObject? {
        let response: HTTPResponse
        do {
            response = try await request("GetObject", "GET", bucket: Bucket, key: Key)
        } catch let error as AWSError where error.is(ErrorCode.noSuchKey, ErrorCode.noSuchBucket, ErrorCode.notFound) {
            return nil
        }
        return StoredObject(body: response.body, etag: try response.header("ETag").required("ETag", Self.service, "GetObject", for: "object \(Key)"),
                            lastModified: response.header("Last-Modified").flatMap(HTTPDate.parse),
                            serverDate: response.header("Date").flatMap(HTTPDate.parse))
    }

    /// A URL that lets anyone GET the object, without credentials, for `expires` seconds (at most 7 days).
    public func presignedGetObjectURL(Bucket: String, Key: String, expires: Int = 3600, at instant: Date = Date()) async throws -> String {
        let endpoint = client.endpoint(for: Self.service)
        let path = Self.path(bucket: Bucket, key: Key)
        let signer = SigV4Signer(credentials: try await client.credentialProvider.credentials(), region: endpoint.signingRegion,
                                 service: Self.service.signingName, options: .s3)
        let signature = signer.presign(
            SigV4Request(method: "GET", path: endpoint.basePath + path, headers: [(name: "Host", value: endpoint.hostHeader)], payloadHash: "UNSIGNED-PAYLOAD"),
            at: instant, expires: expires)
        return endpoint.baseURL + path + "?" + signature.query
    }
}

extension S3.PublicAccessBlockConfiguration {
    /// All four blocks on: what a private bucket should have.
    public static let blockAll = S3.PublicAccessBlockConfiguration(
        BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true)
}

// MARK: - Writing request bodies

/// S3's XML documents, in its namespace.
enum S3XML {
    static let namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    static func document(_ root: String, _ content: String) -> String {
        XMLText.document(root, namespace: namespace, content)
    }
}

// Each writer writes the members Slipway sends; a member it does not write is not sent.

extension S3.CreateBucketConfiguration {
    var xmlDocument: String {
        S3XML.document("CreateBucketConfiguration", XMLText.text("LocationConstraint", LocationConstraint?.rawValue))
    }
}

extension S3.Tagging {
    var xmlDocument: String {
        let tags = TagSet.map { XMLText.element("Tag", XMLText.text("Key", $0.Key) + XMLText.text("Value", $0.Value)) }.joined()
        return S3XML.document("Tagging", XMLText.element("TagSet", tags))
    }
}

extension S3.ServerSideEncryptionConfiguration {
    var xmlDocument: String {
        let rules = (Rules ?? []).map { rule in
            let defaults = rule.ApplyServerSideEncryptionByDefault.map {
                XMLText.text("SSEAlgorithm", $0.SSEAlgorithm?.rawValue) + XMLText.text("KMSMasterKeyID", $0.KMSMasterKeyID)
            }
            return XMLText.element("Rule", XMLText.element("ApplyServerSideEncryptionByDefault", defaults) + XMLText.bool("BucketKeyEnabled", rule.BucketKeyEnabled))
        }
        return S3XML.document("ServerSideEncryptionConfiguration", rules.joined())
    }
}

extension S3.PublicAccessBlockConfiguration {
    var xmlDocument: String {
        S3XML.document("PublicAccessBlockConfiguration",
                       XMLText.bool("BlockPublicAcls", BlockPublicAcls) + XMLText.bool("IgnorePublicAcls", IgnorePublicAcls)
                       + XMLText.bool("BlockPublicPolicy", BlockPublicPolicy) + XMLText.bool("RestrictPublicBuckets", RestrictPublicBuckets))
    }
}

extension S3.VersioningConfiguration {
    var xmlDocument: String {
        S3XML.document("VersioningConfiguration", XMLText.text("MfaDelete", MFADelete?.rawValue) + XMLText.text("Status", Status?.rawValue))
    }
}

extension S3.Delete {
    var xmlDocument: String {
        let objects = Objects.map { XMLText.element("Object", XMLText.text("Key", $0.Key) + XMLText.text("VersionId", $0.VersionId)) }
        return S3XML.document("Delete", objects.joined() + XMLText.bool("Quiet", Quiet))
    }
}

extension S3 {
    /// The error codes of S3 that Slipway acts on.
    public enum ErrorCode {
        public static let noSuchBucket = AWSErrorCode("NoSuchBucket")
        public static let bucketAlreadyOwnedByYou = AWSErrorCode("BucketAlreadyOwnedByYou")
        public static let noSuchKey = AWSErrorCode("NoSuchKey")
        public static let notFound = AWSErrorCode("NotFound")
        public static let serverSideEncryptionConfigurationNotFound = AWSErrorCode("ServerSideEncryptionConfigurationNotFoundError")
        public static let noSuchPublicAccessBlockConfiguration = AWSErrorCode("NoSuchPublicAccessBlockConfiguration")
        public static let noSuchTagSet = AWSErrorCode("NoSuchTagSet")
        /// Another change to the same bucket is under way ("A conflicting conditional operation").
        public static let operationAborted = AWSErrorCode("OperationAborted")
        /// A conditional write's `If-None-Match` or `If-Match` did not hold (HTTP 412).
        public static let preconditionFailed = AWSErrorCode("PreconditionFailed")
        /// Another conditional write to the same key was in flight (HTTP 409): read again and retry.
        public static let conditionalRequestConflict = AWSErrorCode("ConditionalRequestConflict")
    }
}
