import AWSCore

// The shapes that several ECR operations share, named as in ECR's API model.
extension ECR {
    public struct Tag: Codable, Sendable, Hashable {
        public var Key: String
        public var Value: String

        public init(Key: String, Value: String) {
            self.Key = Key
            self.Value = Value
        }
    }

    public struct ImageScanningConfiguration: Codable, Sendable, Equatable {
        public var scanOnPush: Bool?

        public init(scanOnPush: Bool? = nil) {
            self.scanOnPush = scanOnPush
        }
    }

    public struct EncryptionConfiguration: Codable, Sendable, Equatable {
        /// `AES256`, `KMS` or `KMS_DSSE`.
        public var encryptionType: String
        public var kmsKey: String?

        public init(encryptionType: String, kmsKey: String? = nil) {
            self.encryptionType = encryptionType
            self.kmsKey = kmsKey
        }
    }

    public struct Repository: Codable, Sendable, Equatable {
        public var repositoryArn: String?
        public var registryId: String?
        public var repositoryName: String?
        /// `{account}.dkr.ecr.{region}.amazonaws.com/{name}`: where `docker push` sends images.
        public var repositoryUri: String?
        public var createdAt: Date?
        public var imageTagMutability: String?
        public var imageScanningConfiguration: ImageScanningConfiguration?
        public var encryptionConfiguration: EncryptionConfiguration?
    }

    public struct ImageIdentifier: Codable, Sendable, Hashable {
        public var imageDigest: String?
        public var imageTag: String?

        public init(imageDigest: String? = nil, imageTag: String? = nil) {
            self.imageDigest = imageDigest
            self.imageTag = imageTag
        }
    }

    public struct Image: Codable, Sendable, Equatable {
        public var registryId: String?
        public var repositoryName: String?
        public var imageId: ImageIdentifier?
        public var imageManifest: String?
        public var imageManifestMediaType: String?
    }

    public struct ImageScanStatus: Codable, Sendable, Equatable {
        public var status: String?
        public var description: String?
    }

    public struct ImageDetail: Codable, Sendable, Equatable {
        public var registryId: String?
        public var repositoryName: String?
        public var imageDigest: String?
        public var imageTags: [String]?
        public var imageSizeInBytes: Int64?
        public var imagePushedAt: Date?
        public var imageScanStatus: ImageScanStatus?
        public var imageManifestMediaType: String?
        public var artifactMediaType: String?
        public var lastRecordedPullTime: Date?
    }

    public struct DescribeImagesFilter: Codable, Sendable, Equatable {
        /// `TAGGED`, `UNTAGGED` or `ANY`.
        public var tagStatus: String?

        public init(tagStatus: String? = nil) {
            self.tagStatus = tagStatus
        }
    }

    public struct ListImagesFilter: Codable, Sendable, Equatable {
        /// `TAGGED`, `UNTAGGED` or `ANY`.
        public var tagStatus: String?

        public init(tagStatus: String? = nil) {
            self.tagStatus = tagStatus
        }
    }

    public struct ImageFailure: Codable, Sendable, Equatable {
        public var imageId: ImageIdentifier?
        public var failureCode: String?
        public var failureReason: String?
    }

    public struct AuthorizationData: Codable, Sendable, Equatable {
        /// Base64 of `AWS:{password}`, for `docker login`.
        public var authorizationToken: String?
        public var expiresAt: Date?
        public var proxyEndpoint: String?

        /// The user name and password that the token encodes, or nil when it is not `user:password` in base64.
        public var credentials: (user: String, password: String)? {
            guard let token = authorizationToken, let data = Data(base64Encoded: token) else { return nil }
            let text = String(decoding: data, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":") else { return nil }
            return (String(text[..<colon]), String(text[text.index(after: colon)...]))
        }
    }
}
