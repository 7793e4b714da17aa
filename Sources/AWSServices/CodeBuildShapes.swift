import AWSCore

// The shapes CodeBuild operations share, named and spelled as in the CodeBuild API model
// (botocore `codebuild/2016-10-06`). Members the model requires are non-optional, the rest
// optional; enumerations are open structs, so a value AWS adds later still decodes.

extension CodeBuild {
    /// A resource tag. The model leaves both members optional; AWS always sends both.
    public struct Tag: Codable, Sendable, Hashable {
        public var key: String
        public var value: String

        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    // MARK: - Enumerations

    public struct SourceType: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The pipeline hands the build its source; the project names no location.
        public static let codePipeline = Self(rawValue: "CODEPIPELINE")
        public static let gitHub = Self(rawValue: "GITHUB")
        public static let s3 = Self(rawValue: "S3")
        public static let noSource = Self(rawValue: "NO_SOURCE")
    }

    public struct ArtifactsType: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let codePipeline = Self(rawValue: "CODEPIPELINE")
        public static let s3 = Self(rawValue: "S3")
        public static let noArtifacts = Self(rawValue: "NO_ARTIFACTS")
    }

    public struct EnvironmentType: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let linuxContainer = Self(rawValue: "LINUX_CONTAINER")
        public static let armContainer = Self(rawValue: "ARM_CONTAINER")
        public static let linuxGPUContainer = Self(rawValue: "LINUX_GPU_CONTAINER")
    }

    public struct ComputeType: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let small = Self(rawValue: "BUILD_GENERAL1_SMALL")
        public static let medium = Self(rawValue: "BUILD_GENERAL1_MEDIUM")
        public static let large = Self(rawValue: "BUILD_GENERAL1_LARGE")
        public static let xlarge = Self(rawValue: "BUILD_GENERAL1_XLARGE")
        public static let xxlarge = Self(rawValue: "BUILD_GENERAL1_2XLARGE")
    }

    public struct EnvironmentVariableType: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let plaintext = Self(rawValue: "PLAINTEXT")
        public static let parameterStore = Self(rawValue: "PARAMETER_STORE")
        public static let secretsManager = Self(rawValue: "SECRETS_MANAGER")
    }

    public struct LogsConfigStatusType: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let enabled = Self(rawValue: "ENABLED")
        public static let disabled = Self(rawValue: "DISABLED")
    }

    /// The status of a build or of one of its phases.
    public struct StatusType: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let succeeded = Self(rawValue: "SUCCEEDED")
        public static let failed = Self(rawValue: "FAILED")
        public static let fault = Self(rawValue: "FAULT")
        public static let timedOut = Self(rawValue: "TIMED_OUT")
        public static let inProgress = Self(rawValue: "IN_PROGRESS")
        public static let stopped = Self(rawValue: "STOPPED")
    }

    public struct SortOrderType: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let ascending = Self(rawValue: "ASCENDING")
        public static let descending = Self(rawValue: "DESCENDING")
    }

    // MARK: - Projects

    public struct ProjectSource: Codable, Sendable, Hashable {
        public var type: SourceType
        /// None for `CODEPIPELINE`.
        public var location: String?
        public var gitCloneDepth: Int?
        /// A path in the source (`buildspec.yml`) or the buildspec's YAML itself.
        public var buildspec: String?
        public var reportBuildStatus: Bool?
        public var insecureSsl: Bool?
        public var sourceIdentifier: String?

        public init(type: SourceType, location: String? = nil, gitCloneDepth: Int? = nil, buildspec: String? = nil,
                    reportBuildStatus: Bool? = nil, insecureSsl: Bool? = nil, sourceIdentifier: String? = nil) {
            self.type = type
            self.location = location
            self.gitCloneDepth = gitCloneDepth
            self.buildspec = buildspec
            self.reportBuildStatus = reportBuildStatus
            self.insecureSsl = insecureSsl
            self.sourceIdentifier = sourceIdentifier
        }
    }

    public struct ProjectArtifacts: Codable, Sendable, Hashable {
        public var type: ArtifactsType
        public var location: String?
        public var path: String?
        /// `NONE` or `BUILD_ID`.
        public var namespaceType: String?
        public var name: String?
        /// `NONE` or `ZIP`.
        public var packaging: String?
        public var overrideArtifactName: Bool?
        public var encryptionDisabled: Bool?
        public var artifactIdentifier: String?

        public init(type: ArtifactsType, location: String? = nil, path: String? = nil, namespaceType: String? = nil, name: String? = nil,
                    packaging: String? = nil, overrideArtifactName: Bool? = nil, encryptionDisabled: Bool? = nil, artifactIdentifier: String? = nil) {
            self.type = type
            self.location = location
            self.path = path
            self.namespaceType = namespaceType
            self.name = name
            self.packaging = packaging
            self.overrideArtifactName = overrideArtifactName
            self.encryptionDisabled = encryptionDisabled
            self.artifactIdentifier = artifactIdentifier
        }
    }

    public struct ProjectCache: Codable, Sendable, Hashable {
        /// `NO_CACHE`, `S3` or `LOCAL`.
        public var type: String
        public var location: String?
        /// For `LOCAL`: `LOCAL_DOCKER_LAYER_CACHE`, `LOCAL_SOURCE_CACHE`, `LOCAL_CUSTOM_CACHE`.
        public var modes: [String]?

        public init(type: String, location: String? = nil, modes: [String]? = nil) {
            self.type = type
            self.location = location
            self.modes = modes
        }
    }

    public struct EnvironmentVariable: Codable, Sendable, Hashable {
        public var name: String
        /// For `PARAMETER_STORE` and `SECRETS_MANAGER`, the parameter or secret, not its value.
        public var value: String
        public var type: EnvironmentVariableType?

        public init(name: String, value: String, type: EnvironmentVariableType? = nil) {
            self.name = name
            self.value = value
            self.type = type
        }
    }

    public struct ProjectEnvironment: Codable, Sendable, Hashable {
        public var type: EnvironmentType
        /// `aws/codebuild/standard:7.0`, or an image in ECR.
        public var image: String
        public var computeType: ComputeType
        public var environmentVariables: [EnvironmentVariable]?
        /// Needed to run the Docker daemon inside the build (`docker build`).
        public var privilegedMode: Bool?
        public var certificate: String?
        /// `CODEBUILD` or `SERVICE_ROLE`.
        public var imagePullCredentialsType: String?

        public init(type: EnvironmentType, image: String, computeType: ComputeType, environmentVariables: [EnvironmentVariable]? = nil,
                    privilegedMode: Bool? = nil, certificate: String? = nil, imagePullCredentialsType: String? = nil) {
            self.type = type
            self.image = image
            self.computeType = computeType
            self.environmentVariables = environmentVariables
            self.privilegedMode = privilegedMode
            self.certificate = certificate
            self.imagePullCredentialsType = imagePullCredentialsType
        }
    }

    public struct CloudWatchLogsConfig: Codable, Sendable, Hashable {
        public var status: LogsConfigStatusType
        public var groupName: String?
        public var streamName: String?

        public init(status: LogsConfigStatusType, groupName: String? = nil, streamName: String? = nil) {
            self.status = status
            self.groupName = groupName
            self.streamName = streamName
        }
    }

    public struct S3LogsConfig: Codable, Sendable, Hashable {
        public var status: LogsConfigStatusType
        public var location: String?
        public var encryptionDisabled: Bool?

        public init(status: LogsConfigStatusType, location: String? = nil, encryptionDisabled: Bool? = nil) {
            self.status = status
            self.location = location
            self.encryptionDisabled = encryptionDisabled
        }
    }

    public struct LogsConfig: Codable, Sendable, Hashable {
        public var cloudWatchLogs: CloudWatchLogsConfig?
        public var s3Logs: S3LogsConfig?

        public init(cloudWatchLogs: CloudWatchLogsConfig? = nil, s3Logs: S3LogsConfig? = nil) {
            self.cloudWatchLogs = cloudWatchLogs
            self.s3Logs = s3Logs
        }
    }

    public struct VpcConfig: Codable, Sendable, Hashable {
        public var vpcId: String?
        public var subnets: [String]?
        public var securityGroupIds: [String]?

        public init(vpcId: String? = nil, subnets: [String]? = nil, securityGroupIds: [String]? = nil) {
            self.vpcId = vpcId
            self.subnets = subnets
            self.securityGroupIds = securityGroupIds
        }
    }

    public struct Project: Codable, Sendable, Hashable {
        public var name: String?
        public var arn: String?
        public var description: String?
        public var source: ProjectSource?
        public var sourceVersion: String?
        public var artifacts: ProjectArtifacts?
        public var cache: ProjectCache?
        public var environment: ProjectEnvironment?
        public var serviceRole: String?
        public var timeoutInMinutes: Int?
        public var queuedTimeoutInMinutes: Int?
        public var encryptionKey: String?
        public var tags: [Tag]?
        public var created: Date?
        public var lastModified: Date?
        public var vpcConfig: VpcConfig?
        public var logsConfig: LogsConfig?
        public var concurrentBuildLimit: Int?
    }

    // MARK: - Builds

    public struct PhaseContext: Codable, Sendable, Hashable {
        public var statusCode: String?
        public var message: String?
    }

    public struct BuildPhase: Codable, Sendable, Hashable {
        /// `SUBMITTED`, `QUEUED`, `PROVISIONING`, `DOWNLOAD_SOURCE`, `INSTALL`, `PRE_BUILD`, `BUILD`,
        /// `POST_BUILD`, `UPLOAD_ARTIFACTS`, `FINALIZING`, `COMPLETED`.
        public var phaseType: String?
        public var phaseStatus: StatusType?
        public var startTime: Date?
        public var endTime: Date?
        public var durationInSeconds: Int?
        public var contexts: [PhaseContext]?
    }

    public struct BuildArtifacts: Codable, Sendable, Hashable {
        public var location: String?
        public var sha256sum: String?
        public var md5sum: String?
        public var artifactIdentifier: String?
    }

    public struct LogsLocation: Codable, Sendable, Hashable {
        public var groupName: String?
        public var streamName: String?
        public var deepLink: String?
        public var cloudWatchLogsArn: String?
        public var cloudWatchLogs: CloudWatchLogsConfig?
        public var s3Logs: S3LogsConfig?
    }

    public struct ExportedEnvironmentVariable: Codable, Sendable, Hashable {
        public var name: String?
        public var value: String?
    }

    public struct Build: Codable, Sendable, Hashable {
        public var id: String?
        public var arn: String?
        public var buildNumber: Int?
        public var startTime: Date?
        public var endTime: Date?
        public var currentPhase: String?
        public var buildStatus: StatusType?
        public var sourceVersion: String?
        public var resolvedSourceVersion: String?
        public var projectName: String?
        public var phases: [BuildPhase]?
        public var source: ProjectSource?
        public var artifacts: BuildArtifacts?
        public var environment: ProjectEnvironment?
        public var serviceRole: String?
        public var logs: LogsLocation?
        public var timeoutInMinutes: Int?
        public var queuedTimeoutInMinutes: Int?
        public var buildComplete: Bool?
        public var initiator: String?
        public var encryptionKey: String?
        public var exportedEnvironmentVariables: [ExportedEnvironmentVariable]?
    }
}
