import AWSCore

// S3's object operations: uploads, downloads, listings and deletes, including emptying a bucket.
extension S3 {
    public struct PutObjectRequest: Codable, Sendable {
        public var Body: [UInt8]
        public var Bucket: String
        public var CacheControl: String?
        public var ContentType: String?
        public var Key: String
        /// User metadata, sent as `x-amz-meta-{name}` headers.
        public var Metadata: [String: String]?
        /// `AES256` or `aws:kms`; nil uses the bucket's default encryption.
        public var ServerSideEncryption: String?
        public var SSEKMSKeyId: String?
        /// URL-encoded query form: `key1=value1&key2=value2`.
        public var Tagging: String?

        public init(Body: [UInt8], Bucket: String, CacheControl: String? = nil, ContentType: String? = nil, Key: String,
                    Metadata: [String: String]? = nil, ServerSideEncryption: String? = nil, SSEKMSKeyId: String? = nil, Tagging: String? = nil) {
            self.Body = Body
            self.Bucket = Bucket
            self.CacheControl = CacheControl
            self.ContentType = ContentType
            self.Key = Key
            self.Metadata = Metadata
            self.ServerSideEncryption = ServerSideEncryption
            self.SSEKMSKeyId = SSEKMSKeyId
            self.Tagging = Tagging
        }
    }

    public struct PutObjectOutput: Codable, Sendable, Equatable {
        /// The object's entity tag, quoted as S3 sends it (`"9b2cf535…"`).
        public var ETag: String?
        public var ServerSideEncryption: String?
        /// Set when the bucket is versioned.
        public var VersionId: String?
    }

    /// Uploads the body in one request (up to 5 GiB), with its `Content-MD5` so S3 refuses a corrupted upload.
    public func putObject(_ input: PutObjectRequest) async throws -> PutObjectOutput {
        var headers: [(String, String)] = [("Content-MD5", Checksums.md5Base64(input.Body))]
        if let value = input.ContentType { headers.append(("Content-Type", value)) }
        if let value = input.CacheControl { headers.append(("Cache-Control", value)) }
        if let value = input.ServerSideEncryption { headers.append(("x-amz-server-side-encryption", value)) }
        if let value = input.SSEKMSKeyId { headers.append(("x-amz-server-side-encryption-aws-kms-key-id", value)) }
        if let value = input.Tagging { headers.append(("x-amz-tagging", value)) }
        for (name, value) in (input.Metadata ?? [:]).sorted(by: { $0.key < $1.key }) {
            headers.append(("x-amz-meta-\(name)", value))
        }
        let response = try await request("PutObject", "PUT", bucket: input.Bucket, key: input.Key, headers: headers, body: input.Body)
        return PutObjectOutput(ETag: response.header("ETag"), ServerSideEncryption: response.header("x-amz-server-side-encryption"),
                               VersionId: response.header("x-amz-version-id"))
    }

    public struct GetObjectRequest: Codable, Sendable {
        public var Bucket: String
        public var Key: String
        /// An HTTP range, `bytes=0-99`.
        public var Range: String?
        public var VersionId: String?

        public init(Bucket: String, Key: String, Range: String? = nil, VersionId: String? = nil) {
            self.Bucket = Bucket
            self.Key = Key
            self.Range = Range
            self.VersionId = VersionId
        }
    }

    public struct GetObjectOutput: Codable, Sendable, Equatable {
        public var Body: [UInt8]
        public var ContentLength: Int64?
        public var ContentType: String?
        public var ETag: String?
        public var LastModified: Date?
        public var Metadata: [String: String]?
        public var ServerSideEncryption: String?
        public var VersionId: String?
    }

    /// Throws `AWSError` with code `NoSuchKey` (or `NoSuchBucket`) when there is no such object.
    public func getObject(_ input: GetObjectRequest) async throws -> GetObjectOutput {
        let response = try await request("GetObject", "GET", bucket: input.Bucket, key: input.Key,
                                         query: input.VersionId.map { [("versionId", $0)] } ?? [],
                                         headers: input.Range.map { [("Range", $0)] } ?? [])
        let head = ObjectHeaders(response)
        return GetObjectOutput(Body: response.body, ContentLength: head.contentLength ?? Int64(response.body.count), ContentType: head.contentType,
                               ETag: head.eTag, LastModified: head.lastModified, Metadata: head.metadata,
                               ServerSideEncryption: head.serverSideEncryption, VersionId: head.versionId)
    }

    public struct HeadObjectRequest: Codable, Sendable {
        public var Bucket: String
        public var Key: String
        public var VersionId: String?

        public init(Bucket: String, Key: String, VersionId: String? = nil) {
            self.Bucket = Bucket
            self.Key = Key
            self.VersionId = VersionId
        }
    }

    public struct HeadObjectOutput: Codable, Sendable, Equatable {
        public var ContentLength: Int64?
        public var ContentType: String?
        public var ETag: String?
        public var LastModified: Date?
        public var Metadata: [String: String]?
        public var ServerSideEncryption: String?
        public var VersionId: String?
    }

    /// Throws `AWSError` with code `NotFound` (HTTP 404, a HEAD reply has no body) when there is no such object.
    public func headObject(_ input: HeadObjectRequest) async throws -> HeadObjectOutput {
        let response = try await request("HeadObject", "HEAD", bucket: input.Bucket, key: input.Key,
                                         query: input.VersionId.map { [("versionId", $0)] } ?? [])
        let head = ObjectHeaders(response)
        return HeadObjectOutput(ContentLength: head.contentLength, ContentType: head.contentType, ETag: head.eTag, LastModified: head.lastModified,
                                Metadata: head.metadata, ServerSideEncryption: head.serverSideEncryption, VersionId: head.versionId)
    }

    public struct DeleteObjectRequest: Codable, Sendable {
        public var Bucket: String
        public var Key: String
        public var VersionId: String?

        public init(Bucket: String, Key: String, VersionId: String? = nil) {
            self.Bucket = Bucket
            self.Key = Key
            self.VersionId = VersionId
        }
    }

    public struct DeleteObjectOutput: Codable, Sendable, Equatable {
        public var DeleteMarker: Bool?
        public var VersionId: String?
    }

    /// Deleting a key that does not exist succeeds. In a versioned bucket, without `VersionId` this adds a delete marker.
    public func deleteObject(_ input: DeleteObjectRequest) async throws -> DeleteObjectOutput {
        let response = try await request("DeleteObject", "DELETE", bucket: input.Bucket, key: input.Key,
                                         query: input.VersionId.map { [("versionId", $0)] } ?? [])
        return DeleteObjectOutput(DeleteMarker: response.header("x-amz-delete-marker").map { $0 == "true" }, VersionId: response.header("x-amz-version-id"))
    }

    public struct DeleteObjectsRequest: Codable, Sendable {
        public var Bucket: String
        public var Delete: Delete

        public init(Bucket: String, Delete: Delete) {
            self.Bucket = Bucket
            self.Delete = Delete
        }
    }

    public struct DeleteObjectsOutput: Codable, Sendable, Equatable {
        public var Deleted: [DeletedObject]?
        /// The keys that could not be deleted (the call itself succeeds).
        public var Errors: [DeleteError]?
    }

    public func deleteObjects(_ input: DeleteObjectsRequest) async throws -> DeleteObjectsOutput {
        let response = try await send("DeleteObjects", "POST", bucket: input.Bucket, query: [("delete", "")], document: input.Delete.xmlDocument)
        let root = try parse(response, "DeleteObjects")
        return try decode("DeleteObjects") { DeleteObjectsOutput(Deleted: try root.decodeList("Deleted"), Errors: try root.decodeList("Error")) }
    }

    public struct ListObjectsV2Request: Codable, Sendable {
        public var Bucket: String
        public var Delimiter: String?
        public var MaxKeys: Int?
        public var Prefix: String?
        public var ContinuationToken: String?
        public var StartAfter: String?

        public init(Bucket: String, Delimiter: String? = nil, MaxKeys: Int? = nil, Prefix: String? = nil, ContinuationToken: String? = nil,
                    StartAfter: String? = nil) {
            self.Bucket = Bucket
            self.Delimiter = Delimiter
            self.MaxKeys = MaxKeys
            self.Prefix = Prefix
            self.ContinuationToken = ContinuationToken
            self.StartAfter = StartAfter
        }
    }

    public struct ListObjectsV2Output: Codable, Sendable, Equatable {
        public var IsTruncated: Bool?
        public var Contents: [Object]?
        public var Name: String?
        public var Prefix: String?
        public var Delimiter: String?
        public var MaxKeys: Int?
        public var CommonPrefixes: [CommonPrefix]?
        public var KeyCount: Int?
        public var ContinuationToken: String?
        public var NextContinuationToken: String?
        public var StartAfter: String?
    }

    public func listObjectsV2(_ input: ListObjectsV2Request) async throws -> ListObjectsV2Output {
        var query: [(String, String)] = [("list-type", "2")]
        if let value = input.ContinuationToken { query.append(("continuation-token", value)) }
        if let value = input.Delimiter { query.append(("delimiter", value)) }
        if let value = input.MaxKeys { query.append(("max-keys", String(value))) }
        if let value = input.Prefix { query.append(("prefix", value)) }
        if let value = input.StartAfter { query.append(("start-after", value)) }
        let response = try await request("ListObjectsV2", "GET", bucket: input.Bucket, query: query)
        let root = try parse(response, "ListObjectsV2")
        return try decode("ListObjectsV2") {
            ListObjectsV2Output(
                IsTruncated: root.childBool("IsTruncated"), Contents: try root.decodeList("Contents"), Name: root.childText("Name"),
                Prefix: root.childText("Prefix"), Delimiter: root.childText("Delimiter"), MaxKeys: root.childInt("MaxKeys"),
                CommonPrefixes: try root.decodeList("CommonPrefixes"), KeyCount: root.childInt("KeyCount"),
                ContinuationToken: root.childText("ContinuationToken"), NextContinuationToken: root.childText("NextContinuationToken"),
                StartAfter: root.childText("StartAfter"))
        }
    }

    /// Every object under the prefix, following `NextContinuationToken` across pages of `MaxKeys`.
    public func listAllObjects(Bucket: String, Prefix: String? = nil, MaxKeys: Int? = nil) async throws -> [Object] {
        try await Pagination.all { token in
            let page = try await listObjectsV2(ListObjectsV2Request(Bucket: Bucket, MaxKeys: MaxKeys, Prefix: Prefix, ContinuationToken: token))
            return (page.Contents ?? [], page.IsTruncated == true ? page.NextContinuationToken : nil)
        }
    }

    public struct ListObjectVersionsRequest: Codable, Sendable {
        public var Bucket: String
        public var Delimiter: String?
        public var KeyMarker: String?
        public var MaxKeys: Int?
        public var Prefix: String?
        public var VersionIdMarker: String?

        public init(Bucket: String, Delimiter: String? = nil, KeyMarker: String? = nil, MaxKeys: Int? = nil, Prefix: String? = nil,
                    VersionIdMarker: String? = nil) {
            self.Bucket = Bucket
            self.Delimiter = Delimiter
            self.KeyMarker = KeyMarker
            self.MaxKeys = MaxKeys
            self.Prefix = Prefix
            self.VersionIdMarker = VersionIdMarker
        }
    }

    public struct ListObjectVersionsOutput: Codable, Sendable, Equatable {
        public var IsTruncated: Bool?
        public var KeyMarker: String?
        public var VersionIdMarker: String?
        public var NextKeyMarker: String?
        public var NextVersionIdMarker: String?
        public var Versions: [ObjectVersion]?
        public var DeleteMarkers: [DeleteMarkerEntry]?
        public var Name: String?
        public var Prefix: String?
        public var MaxKeys: Int?
    }

    public func listObjectVersions(_ input: ListObjectVersionsRequest) async throws -> ListObjectVersionsOutput {
        var query: [(String, String)] = [("versions", "")]
        if let value = input.Delimiter { query.append(("delimiter", value)) }
        if let value = input.KeyMarker { query.append(("key-marker", value)) }
        if let value = input.MaxKeys { query.append(("max-keys", String(value))) }
        if let value = input.Prefix { query.append(("prefix", value)) }
        if let value = input.VersionIdMarker { query.append(("version-id-marker", value)) }
        let response = try await request("ListObjectVersions", "GET", bucket: input.Bucket, query: query)
        let root = try parse(response, "ListObjectVersions")
        return try decode("ListObjectVersions") {
            ListObjectVersionsOutput(
                IsTruncated: root.childBool("IsTruncated"), KeyMarker: root.childText("KeyMarker"), VersionIdMarker: root.childText("VersionIdMarker"),
                NextKeyMarker: root.childText("NextKeyMarker"), NextVersionIdMarker: root.childText("NextVersionIdMarker"),
                Versions: try root.decodeList("Version"), DeleteMarkers: try root.decodeList("DeleteMarker"), Name: root.childText("Name"),
                Prefix: root.childText("Prefix"), MaxKeys: root.childInt("MaxKeys"))
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

/// The object attributes S3 returns as headers (GetObject, HeadObject).
struct ObjectHeaders {
    let contentLength: Int64?
    let contentType: String?
    let eTag: String?
    let lastModified: Date?
    let metadata: [String: String]?
    let serverSideEncryption: String?
    let versionId: String?

    init(_ response: HTTPResponse) {
        contentLength = response.header("Content-Length").flatMap { Int64($0.trimmed()) }
        contentType = response.header("Content-Type")
        eTag = response.header("ETag")
        lastModified = response.header("Last-Modified").flatMap(HTTPDate.parse)
        let prefix = "x-amz-meta-"
        let pairs = response.headers.filter { $0.name.lowercased().hasPrefix(prefix) }.map { (String($0.name.lowercased().dropFirst(prefix.count)), $0.value) }
        metadata = pairs.isEmpty ? nil : Dictionary(pairs, uniquingKeysWith: { first, _ in first })
        serverSideEncryption = response.header("x-amz-server-side-encryption")
        versionId = response.header("x-amz-version-id")
    }
}

/// Parses the IMF-fixdate of HTTP headers (`Wed, 21 Oct 2015 07:28:00 GMT`), as S3 writes `Last-Modified`.
enum HTTPDate {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let monthIndex = months.firstIndex(of: String(parts[2])),
              let year = Int(parts[3]), parts[4].count == 8 else { return nil }
        func padded(_ number: Int, _ width: Int) -> String {
            let digits = String(number)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return ISO8601Timestamp.parse("\(padded(year, 4))-\(padded(monthIndex + 1, 2))-\(padded(day, 2))T\(parts[4])Z")
    }
}
