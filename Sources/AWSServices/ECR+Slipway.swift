import AWSCore

/// Amazon Elastic Container Registry: the repositories that CodeBuild pushes images to.
public struct ECR: Sendable {
    public static let service = AWSServiceDescription(
        serviceID: "ECR", signingName: "ecr", endpointPrefix: "api.ecr",
        wireProtocol: .json(targetPrefix: "AmazonEC2ContainerRegistry_V20150921", version: "1.1"))
    public let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    private func call<Output: Decodable>(_ operation: String, _ input: some Encodable, as output: Output.Type = Output.self) async throws -> Output {
        try await client.json(Self.service, operation, input)
    }

    // MARK: - Repositories

    public struct CreateRepositoryRequest: Codable, Sendable {
        public var registryId: String?
        public var repositoryName: String
        public var tags: [Tag]?
        /// `MUTABLE` or `IMMUTABLE`.
        public var imageTagMutability: String?
        public var imageScanningConfiguration: ImageScanningConfiguration?
        public var encryptionConfiguration: EncryptionConfiguration?

        public init(registryId: String? = nil, repositoryName: String, tags: [Tag]? = nil, imageTagMutability: String? = nil,
                    imageScanningConfiguration: ImageScanningConfiguration? = nil, encryptionConfiguration: EncryptionConfiguration? = nil) {
            self.registryId = registryId
            self.repositoryName = repositoryName
            self.tags = tags
            self.imageTagMutability = imageTagMutability
            self.imageScanningConfiguration = imageScanningConfiguration
            self.encryptionConfiguration = encryptionConfiguration
        }
    }

    public struct CreateRepositoryResponse: Codable, Sendable, Equatable {
        public var repository: Repository?
    }

    public func createRepository(_ input: CreateRepositoryRequest) async throws -> CreateRepositoryResponse {
        try await call("CreateRepository", input)
    }

    public struct DescribeRepositoriesRequest: Codable, Sendable {
        public var registryId: String?
        public var repositoryNames: [String]?
        public var nextToken: String?
        public var maxResults: Int?

        public init(registryId: String? = nil, repositoryNames: [String]? = nil, nextToken: String? = nil, maxResults: Int? = nil) {
            self.registryId = registryId
            self.repositoryNames = repositoryNames
            self.nextToken = nextToken
            self.maxResults = maxResults
        }
    }

    public struct DescribeRepositoriesResponse: Codable, Sendable, Equatable {
        public var repositories: [Repository]?
        public var nextToken: String?
    }

    /// Throws `AWSError` with code `RepositoryNotFoundException` when a named repository does not exist.
    public func describeRepositories(_ input: DescribeRepositoriesRequest = DescribeRepositoriesRequest()) async throws -> DescribeRepositoriesResponse {
        try await call("DescribeRepositories", input)
    }

    /// Every repository of the registry (or the named ones), following `nextToken`.
    public func describeAllRepositories(repositoryNames: [String]? = nil) async throws -> [Repository] {
        try await Pagination.all { token in
            let page = try await describeRepositories(DescribeRepositoriesRequest(repositoryNames: repositoryNames, nextToken: token))
            return (page.repositories ?? [], page.nextToken)
        }
    }

    public struct DeleteRepositoryRequest: Codable, Sendable {
        public var registryId: String?
        public var repositoryName: String
        /// Delete the images too; without it AWS refuses a repository that has images.
        public var force: Bool?

        public init(registryId: String? = nil, repositoryName: String, force: Bool? = nil) {
            self.registryId = registryId
            self.repositoryName = repositoryName
            self.force = force
        }
    }

    public struct DeleteRepositoryResponse: Codable, Sendable, Equatable {
        public var repository: Repository?
    }

    public func deleteRepository(_ input: DeleteRepositoryRequest) async throws -> DeleteRepositoryResponse {
        try await call("DeleteRepository", input)
    }

    public struct PutImageTagMutabilityRequest: Codable, Sendable {
        public var registryId: String?
        public var repositoryName: String
        public var imageTagMutability: String

        public init(registryId: String? = nil, repositoryName: String, imageTagMutability: String) {
            self.registryId = registryId
            self.repositoryName = repositoryName
            self.imageTagMutability = imageTagMutability
        }
    }

    public struct PutImageTagMutabilityResponse: Codable, Sendable, Equatable {
        public var registryId: String?
        public var repositoryName: String?
        public var imageTagMutability: String?
    }

    public func putImageTagMutability(_ input: PutImageTagMutabilityRequest) async throws -> PutImageTagMutabilityResponse {
        try await call("PutImageTagMutability", input)
    }

    public struct PutImageScanningConfigurationRequest: Codable, Sendable {
        public var registryId: String?
        public var repositoryName: String
        public var imageScanningConfiguration: ImageScanningConfiguration

        public init(registryId: String? = nil, repositoryName: String, imageScanningConfiguration: ImageScanningConfiguration) {
            self.registryId = registryId
            self.repositoryName = repositoryName
            self.imageScanningConfiguration = imageScanningConfiguration
        }
    }

    public struct PutImageScanningConfigurationResponse: Codable, Sendable, Equatable {
        public var registryId: String?
        public var repositoryName: String?
        public var imageScanningConfiguration: ImageScanningConfiguration?
    }

    public func putImageScanningConfiguration(_ input: PutImageScanningConfigurationRequest) async throws -> PutImageScanningConfigurationResponse {
        try await call("PutImageScanningConfiguration", input)
    }

    // MARK: - Lifecycle policies

    public struct PutLifecyclePolicyRequest: Codable, Sendable {
        public var registryId: String?
        public var repositoryName: String
        /// The policy as JSON text.
        public var lifecyclePolicyText: String

        public init(registryId: String? = nil, repositoryName: String, lifecyclePolicyText: String) {
            self.registryId = registryId
            self.repositoryName = repositoryName
            self.lifecyclePolicyText = lifecyclePolicyText
        }
    }

    public struct PutLifecyclePolicyResponse: Codable, Sendable, Equatable {
        public var registryId: String?
        public var repositoryName: String?
        public var lifecyclePolicyText: String?
    }

    public func putLifecyclePolicy(_ input: PutLifecyclePolicyRequest) async throws -> PutLifecyclePolicyResponse {
        try await call("PutLifecyclePolicy", input)
    }

    public struct GetLifecyclePolicyRequest: Codable, Sendable {
        public var registryId: String?
        public var repositoryName: String

        public init(registryId: String? = nil, repositoryName: String) {
            self.registryId = registryId
            self.repositoryName = repositoryName
        }
    }

    public struct GetLifecyclePolicyResponse: Codable, Sendable, Equatable {
        public var registryId: String?
        public var repositoryName: String?
        public var lifecyclePolicyText: String?
        public var lastEvaluatedAt: Date?
    }

    /// Throws `AWSError` with code `LifecyclePolicyNotFoundException` when the repository has none.
    public func getLifecyclePolicy(_ input: GetLifecyclePolicyRequest) async throws -> GetLifecyclePolicyResponse {
        try await call("GetLifecyclePolicy", input)
    }

    public struct DeleteLifecyclePolicyRequest: Codable, Sendable {
        public var registryId: String?
        public var repositoryName: String

        public init(registryId: String? = nil, repositoryName: String) {
            self.registryId = registryId
            self.repositoryName = repositoryName
        }
    }

    public struct DeleteLifecyclePolicyResponse: Codable, Sendable, Equatable {
        public var registryId: String?
        public var repositoryName: String?
        public var lifecyclePolicyText: String?
        public var lastEvaluatedAt: Date?
    }

    public func deleteLifecyclePolicy(_ input: DeleteLifecyclePolicyRequest) async throws -> DeleteLifecyclePolicyResponse {
        try await call("DeleteLifecyclePolicy", input)
    }

    // MARK: - Images

    public struct PutImageRequest: Codable, Sendable {
        public var registryId: String?
        public var repositoryName: String
        public var imageManifest: String
        public var imageManifestMediaType: String?
        public var imageTag: String?
        public var imageDigest: String?

        public init(registryId: String? = nil, repositoryName: String, imageManifest: String, imageManifestMediaType: String? = nil,
                    imageTag: String? = nil, imageDigest: String? = nil) {
            self.registryId = registryId
            self.repositoryName = repositoryName
            self.imageManifest = imageManifest
            self.imageManifestMediaType = imageManifestMediaType
            self.imageTag = imageTag
            self.imageDigest = imageDigest
        }
    }

    public struct PutImageResponse: Codable, Sendable, Equatable {
        public var image: Image?
    }

    /// Tags an image by its manifest (how tests make images without a Docker push).
    public func putImage(_ input: PutImageRequest) async throws -> PutImageResponse {
        try await call("PutImage", input)
    }

    public struct DescribeImagesRequest: Codable, Sendable {
        public var registryId: String?
        public var repositoryName: String
        public var imageIds: [ImageIdentifier]?
        public var nextToken: String?
        public var maxResults: Int?
        public var filter: DescribeImagesFilter?

        public init(registryId: String? = nil, repositoryName: String, imageIds: [ImageIdentifier]? = nil, nextToken: String? = nil,
                    maxResults: Int? = nil, filter: DescribeImagesFilter? = nil) {
            self.registryId = registryId
            self.repositoryName = repositoryName
            self.imageIds = imageIds
            self.nextToken = nextToken
            self.maxResults = maxResults
            self.filter = filter
        }
    }

    public struct DescribeImagesResponse: Codable, Sendable, Equatable {
        public var imageDetails: [ImageDetail]?
        public var nextToken: String?
    }

    /// Throws `AWSError` with code `ImageNotFoundException` when a named image does not exist.
    public func describeImages(_ input: DescribeImagesRequest) async throws -> DescribeImagesResponse {
        try await call("DescribeImages", input)
    }

    /// Every image of the repository, following `nextToken`.
    public func describeAllImages(repositoryName: String, filter: DescribeImagesFilter? = nil) async throws -> [ImageDetail] {
        try await Pagination.all { token in
            let page = try await describeImages(DescribeImagesRequest(repositoryName: repositoryName, nextToken: token, filter: filter))
            return (page.imageDetails ?? [], page.nextToken)
        }
    }

    public struct ListImagesRequest: Codable, Sendable {
        public var registryId: String?
        public var repositoryName: String
        public var nextToken: String?
        public var maxResults: Int?
        public var filter: ListImagesFilter?

        public init(registryId: String? = nil, repositoryName: String, nextToken: String? = nil, maxResults: Int? = nil, filter: ListImagesFilter? = nil) {
            self.registryId = registryId
            self.repositoryName = repositoryName
            self.nextToken = nextToken
            self.maxResults = maxResults
            self.filter = filter
        }
    }

    public struct ListImagesResponse: Codable, Sendable, Equatable {
        public var imageIds: [ImageIdentifier]?
        public var nextToken: String?
    }

    public func listImages(_ input: ListImagesRequest) async throws -> ListImagesResponse {
        try await call("ListImages", input)
    }

    /// Every image identifier of the repository, following `nextToken`.
    public func listAllImages(repositoryName: String, filter: ListImagesFilter? = nil) async throws -> [ImageIdentifier] {
        try await Pagination.all { token in
            let page = try await listImages(ListImagesRequest(repositoryName: repositoryName, nextToken: token, filter: filter))
            return (page.imageIds ?? [], page.nextToken)
        }
    }

    public struct BatchDeleteImageRequest: Codable, Sendable {
        public var registryId: String?
        public var repositoryName: String
        public var imageIds: [ImageIdentifier]

        public init(registryId: String? = nil, repositoryName: String, imageIds: [ImageIdentifier]) {
            self.registryId = registryId
            self.repositoryName = repositoryName
            self.imageIds = imageIds
        }
    }

    public struct BatchDeleteImageResponse: Codable, Sendable, Equatable {
        public var imageIds: [ImageIdentifier]?
        public var failures: [ImageFailure]?
    }

    /// Per-image failures come back in `failures`, not as an error.
    public func batchDeleteImage(_ input: BatchDeleteImageRequest) async throws -> BatchDeleteImageResponse {
        try await call("BatchDeleteImage", input)
    }

    // MARK: - Tags

    public struct TagResourceRequest: Codable, Sendable {
        public var resourceArn: String
        public var tags: [Tag]

        public init(resourceArn: String, tags: [Tag]) {
            self.resourceArn = resourceArn
            self.tags = tags
        }
    }

    public func tagResource(_ input: TagResourceRequest) async throws {
        let _: EmptyShape = try await call("TagResource", input)
    }

    public struct UntagResourceRequest: Codable, Sendable {
        public var resourceArn: String
        public var tagKeys: [String]

        public init(resourceArn: String, tagKeys: [String]) {
            self.resourceArn = resourceArn
            self.tagKeys = tagKeys
        }
    }

    public func untagResource(_ input: UntagResourceRequest) async throws {
        let _: EmptyShape = try await call("UntagResource", input)
    }

    public struct ListTagsForResourceRequest: Codable, Sendable {
        public var resourceArn: String

        public init(resourceArn: String) {
            self.resourceArn = resourceArn
        }
    }

    public struct ListTagsForResourceResponse: Codable, Sendable, Equatable {
        public var tags: [Tag]?
    }

    public func listTagsForResource(_ input: ListTagsForResourceRequest) async throws -> ListTagsForResourceResponse {
        try await call("ListTagsForResource", input)
    }

    // MARK: - Registry login

    public struct GetAuthorizationTokenRequest: Codable, Sendable {
        public var registryIds: [String]?

        public init(registryIds: [String]? = nil) {
            self.registryIds = registryIds
        }
    }

    public struct GetAuthorizationTokenResponse: Codable, Sendable, Equatable {
        public var authorizationData: [AuthorizationData]?
    }

    public func getAuthorizationToken(_ input: GetAuthorizationTokenRequest = GetAuthorizationTokenRequest()) async throws -> GetAuthorizationTokenResponse {
        try await call("GetAuthorizationToken", input)
    }
}

extension ECR {
    /// The error codes of ECR that Slipway acts on.
    public enum ErrorCode {
        public static let repositoryNotFound = AWSErrorCode("RepositoryNotFoundException")
        public static let lifecyclePolicyNotFound = AWSErrorCode("LifecyclePolicyNotFoundException")
    }
}
