import AWSCore

// The shapes Lambda operations share, named and spelled as in the Lambda API model (botocore
// `lambda/2015-03-31`, PascalCase). Members the model requires are non-optional, the rest
// optional; enumerations are open structs, so a value AWS adds later still decodes.

extension Lambda {
    // MARK: - Enumerations

    public struct Runtime: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A custom runtime (the deployer's own `bootstrap`) on Amazon Linux 2023.
        public static let providedAL2023 = Self(rawValue: "provided.al2023")
        public static let providedAL2 = Self(rawValue: "provided.al2")
    }

    public struct Architecture: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let x86_64 = Self(rawValue: "x86_64")
        public static let arm64 = Self(rawValue: "arm64")
    }

    public struct PackageType: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let zip = Self(rawValue: "Zip")
        public static let image = Self(rawValue: "Image")
    }

    /// A function's life: `Pending` just after create, `Active` when it can be invoked.
    public struct State: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let pending = Self(rawValue: "Pending")
        public static let active = Self(rawValue: "Active")
        public static let inactive = Self(rawValue: "Inactive")
        public static let failed = Self(rawValue: "Failed")
    }

    /// The last code or configuration update: until it is `Successful`, another update is
    /// refused with `ResourceConflictException`.
    public struct LastUpdateStatus: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let successful = Self(rawValue: "Successful")
        public static let failed = Self(rawValue: "Failed")
        public static let inProgress = Self(rawValue: "InProgress")
    }

    // MARK: - Functions

    /// The code of a function: a .zip archive inline (base64, at most 50 MB before encoding),
    /// an object in S3, or a container image.
    public struct FunctionCode: Codable, Sendable, Hashable {
        /// The .zip archive, base64-encoded.
        public var ZipFile: String?
        public var S3Bucket: String?
        public var S3Key: String?
        public var S3ObjectVersion: String?
        public var ImageUri: String?

        public init(ZipFile: String? = nil, S3Bucket: String? = nil, S3Key: String? = nil, S3ObjectVersion: String? = nil, ImageUri: String? = nil) {
            self.ZipFile = ZipFile
            self.S3Bucket = S3Bucket
            self.S3Key = S3Key
            self.S3ObjectVersion = S3ObjectVersion
            self.ImageUri = ImageUri
        }

        /// Inline code from the bytes of a .zip archive.
        public static func zip(_ archive: some Sequence<UInt8>) -> FunctionCode {
            FunctionCode(ZipFile: Data(archive).base64EncodedString())
        }
    }

    public struct Environment: Codable, Sendable, Hashable {
        public var Variables: [String: String]?

        public init(Variables: [String: String]? = nil) {
            self.Variables = Variables
        }
    }

    public struct EnvironmentError: Codable, Sendable, Hashable {
        public var ErrorCode: String?
        public var Message: String?
    }

    public struct EnvironmentResponse: Codable, Sendable, Hashable {
        public var Variables: [String: String]?
        public var Error: EnvironmentError?
    }

    public struct VpcConfig: Codable, Sendable, Hashable {
        public var SubnetIds: [String]?
        public var SecurityGroupIds: [String]?

        public init(SubnetIds: [String]? = nil, SecurityGroupIds: [String]? = nil) {
            self.SubnetIds = SubnetIds
            self.SecurityGroupIds = SecurityGroupIds
        }
    }

    public struct VpcConfigResponse: Codable, Sendable, Hashable {
        public var SubnetIds: [String]?
        public var SecurityGroupIds: [String]?
        public var VpcId: String?
    }

    public struct EphemeralStorage: Codable, Sendable, Hashable {
        /// MB of `/tmp`, 512–10240.
        public var Size: Int

        public init(Size: Int) {
            self.Size = Size
        }
    }

    public struct LoggingConfig: Codable, Sendable, Hashable {
        /// `JSON` or `Text`.
        public var LogFormat: String?
        public var ApplicationLogLevel: String?
        public var SystemLogLevel: String?
        /// The log group (default `/aws/lambda/{FunctionName}`).
        public var LogGroup: String?

        public init(LogFormat: String? = nil, ApplicationLogLevel: String? = nil, SystemLogLevel: String? = nil, LogGroup: String? = nil) {
            self.LogFormat = LogFormat
            self.ApplicationLogLevel = ApplicationLogLevel
            self.SystemLogLevel = SystemLogLevel
            self.LogGroup = LogGroup
        }
    }

    /// A function's settings, as create, update and get return them.
    public struct FunctionConfiguration: Codable, Sendable, Hashable {
        public var FunctionName: String?
        public var FunctionArn: String?
        public var Runtime: Lambda.Runtime?
        public var Role: String?
        public var Handler: String?
        /// Bytes of the deployment package.
        public var CodeSize: Int?
        public var Description: String?
        public var Timeout: Int?
        public var MemorySize: Int?
        /// ISO-8601 text (`2024-01-01T00:00:00.000+0000`): the model types it as a string.
        public var LastModified: String?
        /// The base64 SHA-256 of the deployment package: compare it to tell whether code changed.
        public var CodeSha256: String?
        public var Version: String?
        public var VpcConfig: VpcConfigResponse?
        public var Environment: EnvironmentResponse?
        public var KMSKeyArn: String?
        public var RevisionId: String?
        public var State: Lambda.State?
        public var StateReason: String?
        public var StateReasonCode: String?
        public var LastUpdateStatus: Lambda.LastUpdateStatus?
        public var LastUpdateStatusReason: String?
        public var LastUpdateStatusReasonCode: String?
        public var PackageType: Lambda.PackageType?
        public var Architectures: [Architecture]?
        public var EphemeralStorage: Lambda.EphemeralStorage?
        public var LoggingConfig: Lambda.LoggingConfig?
    }

    public struct FunctionCodeLocation: Codable, Sendable, Hashable {
        /// `S3` or `ECR`.
        public var RepositoryType: String?
        /// A presigned URL of the package, valid for 10 minutes.
        public var Location: String?
        public var ImageUri: String?
        public var ResolvedImageUri: String?
    }

    public struct Concurrency: Codable, Sendable, Hashable {
        public var ReservedConcurrentExecutions: Int?
    }
}
