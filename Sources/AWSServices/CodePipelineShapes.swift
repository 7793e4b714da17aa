import AWSCore

// The shapes CodePipeline operations share, named and spelled as in the CodePipeline API
// model (botocore `codepipeline/2015-07-09`). Members the model requires are non-optional,
// the rest optional; enumerations are open structs, so a value AWS adds later still decodes.

extension CodePipeline {
    public struct Tag: Codable, Sendable, Hashable {
        public var key: String
        public var value: String

        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    // MARK: - Enumerations

    public struct ActionCategory: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let source = Self(rawValue: "Source")
        public static let build = Self(rawValue: "Build")
        public static let deploy = Self(rawValue: "Deploy")
        public static let test = Self(rawValue: "Test")
        public static let invoke = Self(rawValue: "Invoke")
        public static let approval = Self(rawValue: "Approval")
        public static let compute = Self(rawValue: "Compute")
    }

    public struct ActionOwner: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let aws = Self(rawValue: "AWS")
        public static let thirdParty = Self(rawValue: "ThirdParty")
        public static let custom = Self(rawValue: "Custom")
    }

    public struct ArtifactStoreType: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let s3 = Self(rawValue: "S3")
    }

    public struct PipelineType: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let v1 = Self(rawValue: "V1")
        public static let v2 = Self(rawValue: "V2")
    }

    public struct ExecutionMode: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let queued = Self(rawValue: "QUEUED")
        public static let superseded = Self(rawValue: "SUPERSEDED")
        public static let parallel = Self(rawValue: "PARALLEL")
    }

    public struct PipelineExecutionStatus: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let cancelled = Self(rawValue: "Cancelled")
        public static let inProgress = Self(rawValue: "InProgress")
        public static let stopped = Self(rawValue: "Stopped")
        public static let stopping = Self(rawValue: "Stopping")
        public static let succeeded = Self(rawValue: "Succeeded")
        public static let superseded = Self(rawValue: "Superseded")
        public static let failed = Self(rawValue: "Failed")
    }

    public struct StageExecutionStatus: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let cancelled = Self(rawValue: "Cancelled")
        public static let inProgress = Self(rawValue: "InProgress")
        public static let failed = Self(rawValue: "Failed")
        public static let stopped = Self(rawValue: "Stopped")
        public static let stopping = Self(rawValue: "Stopping")
        public static let succeeded = Self(rawValue: "Succeeded")
        public static let skipped = Self(rawValue: "Skipped")
    }

    public struct ActionExecutionStatus: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let inProgress = Self(rawValue: "InProgress")
        public static let abandoned = Self(rawValue: "Abandoned")
        public static let succeeded = Self(rawValue: "Succeeded")
        public static let failed = Self(rawValue: "Failed")
    }

    /// Why a job failed, as `PutJobFailureResult` reports it.
    public struct FailureType: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let jobFailed = Self(rawValue: "JobFailed")
        public static let configurationError = Self(rawValue: "ConfigurationError")
        public static let permissionError = Self(rawValue: "PermissionError")
        public static let revisionOutOfSync = Self(rawValue: "RevisionOutOfSync")
        public static let revisionUnavailable = Self(rawValue: "RevisionUnavailable")
        public static let systemUnavailable = Self(rawValue: "SystemUnavailable")
    }

    public struct ApprovalStatus: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let approved = Self(rawValue: "Approved")
        public static let rejected = Self(rawValue: "Rejected")
    }

    // MARK: - Pipeline structure

    public struct EncryptionKey: Codable, Sendable, Hashable {
        public var id: String
        /// Only `KMS`.
        public var type: String

        public init(id: String, type: String = "KMS") {
            self.id = id
            self.type = type
        }
    }

    /// The S3 bucket where the pipeline keeps the artifacts its actions pass along.
    public struct ArtifactStore: Codable, Sendable, Hashable {
        public var type: ArtifactStoreType
        /// The bucket's name.
        public var location: String
        public var encryptionKey: EncryptionKey?

        public init(type: ArtifactStoreType = .s3, location: String, encryptionKey: EncryptionKey? = nil) {
            self.type = type
            self.location = location
            self.encryptionKey = encryptionKey
        }
    }

    public struct ActionTypeId: Codable, Sendable, Hashable {
        public var category: ActionCategory
        public var owner: ActionOwner
        /// `CodeStarSourceConnection`, `GitHub`, `CodeBuild`, `Manual`, `Lambda`, ….
        public var provider: String
        public var version: String

        public init(category: ActionCategory, owner: ActionOwner, provider: String, version: String = "1") {
            self.category = category
            self.owner = owner
            self.provider = provider
            self.version = version
        }
    }

    public struct InputArtifact: Codable, Sendable, Hashable {
        public var name: String

        public init(name: String) {
            self.name = name
        }
    }

    public struct OutputArtifact: Codable, Sendable, Hashable {
        public var name: String
        public var files: [String]?

        public init(name: String, files: [String]? = nil) {
            self.name = name
            self.files = files
        }
    }

    public struct EnvironmentVariable: Codable, Sendable, Hashable {
        public var name: String
        public var value: String
        /// `PLAINTEXT` or `SECRETS_MANAGER`.
        public var type: String?

        public init(name: String, value: String, type: String? = nil) {
            self.name = name
            self.value = value
            self.type = type
        }
    }

    public struct ActionDeclaration: Codable, Sendable, Hashable {
        public var name: String
        public var actionTypeId: ActionTypeId
        public var runOrder: Int?
        /// The provider's settings. Each value is at most 1000 characters — `UserParameters` included.
        /// Real AWS shows a GitHub OAuth token here as `****`: treat it as write-only.
        public var configuration: [String: String]?
        public var commands: [String]?
        public var outputArtifacts: [OutputArtifact]?
        public var inputArtifacts: [InputArtifact]?
        public var outputVariables: [String]?
        public var roleArn: String?
        public var region: String?
        /// Makes the action's output variables available as `#{namespace.name}`.
        public var namespace: String?
        public var timeoutInMinutes: Int?
        public var environmentVariables: [EnvironmentVariable]?

        public init(
            name: String, actionTypeId: ActionTypeId, runOrder: Int? = nil, configuration: [String: String]? = nil,
            commands: [String]? = nil, outputArtifacts: [OutputArtifact]? = nil, inputArtifacts: [InputArtifact]? = nil,
            outputVariables: [String]? = nil, roleArn: String? = nil, region: String? = nil, namespace: String? = nil,
            timeoutInMinutes: Int? = nil, environmentVariables: [EnvironmentVariable]? = nil
        ) {
            self.name = name
            self.actionTypeId = actionTypeId
            self.runOrder = runOrder
            self.configuration = configuration
            self.commands = commands
            self.outputArtifacts = outputArtifacts
            self.inputArtifacts = inputArtifacts
            self.outputVariables = outputVariables
            self.roleArn = roleArn
            self.region = region
            self.namespace = namespace
            self.timeoutInMinutes = timeoutInMinutes
            self.environmentVariables = environmentVariables
        }

        /// The most characters AWS accepts in one configuration value.
        public static let configurationValueLimit = 1000
    }

    public struct RetryConfiguration: Codable, Sendable, Hashable {
        /// `FAILED_ACTIONS` or `ALL_ACTIONS`.
        public var retryMode: String?

        public init(retryMode: String? = nil) {
            self.retryMode = retryMode
        }
    }

    /// What a V2 pipeline does when a stage fails. (The model's `conditions` are not typed.)
    public struct FailureConditions: Codable, Sendable, Hashable {
        /// `ROLLBACK`, `FAIL`, `RETRY` or `SKIP`.
        public var result: String?
        public var retryConfiguration: RetryConfiguration?

        public init(result: String? = nil, retryConfiguration: RetryConfiguration? = nil) {
            self.result = result
            self.retryConfiguration = retryConfiguration
        }
    }

    public struct StageDeclaration: Codable, Sendable, Hashable {
        public var name: String
        public var actions: [ActionDeclaration]
        public var onFailure: FailureConditions?

        public init(name: String, actions: [ActionDeclaration], onFailure: FailureConditions? = nil) {
            self.name = name
            self.actions = actions
            self.onFailure = onFailure
        }
    }

    public struct PipelineVariableDeclaration: Codable, Sendable, Hashable {
        public var name: String
        public var defaultValue: String?
        public var description: String?

        public init(name: String, defaultValue: String? = nil, description: String? = nil) {
            self.name = name
            self.defaultValue = defaultValue
            self.description = description
        }
    }

    /// Glob patterns to include and exclude (branches, tags, file paths).
    public struct GitFilterCriteria: Codable, Sendable, Hashable {
        public var includes: [String]?
        public var excludes: [String]?

        public init(includes: [String]? = nil, excludes: [String]? = nil) {
            self.includes = includes
            self.excludes = excludes
        }
    }

    public struct GitPushFilter: Codable, Sendable, Hashable {
        public var tags: GitFilterCriteria?
        public var branches: GitFilterCriteria?
        public var filePaths: GitFilterCriteria?

        public init(tags: GitFilterCriteria? = nil, branches: GitFilterCriteria? = nil, filePaths: GitFilterCriteria? = nil) {
            self.tags = tags
            self.branches = branches
            self.filePaths = filePaths
        }
    }

    public struct GitPullRequestFilter: Codable, Sendable, Hashable {
        /// `OPEN`, `UPDATED`, `CLOSED`.
        public var events: [String]?
        public var branches: GitFilterCriteria?
        public var filePaths: GitFilterCriteria?

        public init(events: [String]? = nil, branches: GitFilterCriteria? = nil, filePaths: GitFilterCriteria? = nil) {
            self.events = events
            self.branches = branches
            self.filePaths = filePaths
        }
    }

    public struct GitConfiguration: Codable, Sendable, Hashable {
        public var sourceActionName: String
        public var push: [GitPushFilter]?
        public var pullRequest: [GitPullRequestFilter]?

        public init(sourceActionName: String, push: [GitPushFilter]? = nil, pullRequest: [GitPullRequestFilter]? = nil) {
            self.sourceActionName = sourceActionName
            self.push = push
            self.pullRequest = pullRequest
        }
    }

    /// Which pushes start a V2 pipeline whose source is a CodeConnections action.
    public struct PipelineTriggerDeclaration: Codable, Sendable, Hashable {
        /// Only `CodeStarSourceConnection`.
        public var providerType: String
        public var gitConfiguration: GitConfiguration

        public init(providerType: String = "CodeStarSourceConnection", gitConfiguration: GitConfiguration) {
            self.providerType = providerType
            self.gitConfiguration = gitConfiguration
        }
    }

    public struct PipelineDeclaration: Codable, Sendable, Hashable {
        /// 1–100 of `[A-Za-z0-9.@\-_]`.
        public var name: String
        /// The role CodePipeline assumes; its trust policy must name `codepipeline.amazonaws.com`.
        public var roleArn: String
        public var artifactStore: ArtifactStore?
        /// One store per region, for pipelines with actions in other regions (instead of `artifactStore`).
        public var artifactStores: [String: ArtifactStore]?
        public var stages: [StageDeclaration]
        /// Set by AWS: 1 on create, one more on each update.
        public var version: Int?
        public var executionMode: ExecutionMode?
        public var pipelineType: PipelineType?
        public var variables: [PipelineVariableDeclaration]?
        public var triggers: [PipelineTriggerDeclaration]?

        public init(
            name: String, roleArn: String, artifactStore: ArtifactStore? = nil, artifactStores: [String: ArtifactStore]? = nil,
            stages: [StageDeclaration], version: Int? = nil, executionMode: ExecutionMode? = nil, pipelineType: PipelineType? = nil,
            variables: [PipelineVariableDeclaration]? = nil, triggers: [PipelineTriggerDeclaration]? = nil
        ) {
            self.name = name
            self.roleArn = roleArn
            self.artifactStore = artifactStore
            self.artifactStores = artifactStores
            self.stages = stages
            self.version = version
            self.executionMode = executionMode
            self.pipelineType = pipelineType
            self.variables = variables
            self.triggers = triggers
        }
    }

    public struct PipelineMetadata: Codable, Sendable, Hashable {
        public var pipelineArn: String?
        public var created: Date?
        public var updated: Date?
        public var pollingDisabledAt: Date?
    }

    public struct PipelineSummary: Codable, Sendable, Hashable {
        public var name: String?
        public var version: Int?
        public var pipelineType: PipelineType?
        public var executionMode: ExecutionMode?
        public var created: Date?
        public var updated: Date?
    }

    // MARK: - State and executions

    public struct StageExecution: Codable, Sendable, Hashable {
        public var pipelineExecutionId: String
        public var status: StageExecutionStatus
        /// `STANDARD` or `ROLLBACK`.
        public var type: String?
    }

    public struct TransitionState: Codable, Sendable, Hashable {
        public var enabled: Bool?
        public var lastChangedBy: String?
        public var lastChangedAt: Date?
        public var disabledReason: String?
    }

    public struct ActionRevision: Codable, Sendable, Hashable {
        public var revisionId: String
        public var revisionChangeId: String
        public var created: Date
    }

    public struct ErrorDetails: Codable, Sendable, Hashable {
        public var code: String?
        public var message: String?
    }

    public struct ActionExecution: Codable, Sendable, Hashable {
        public var actionExecutionId: String?
        public var status: ActionExecutionStatus?
        public var summary: String?
        public var lastStatusChange: Date?
        /// For a manual approval: the token `PutApprovalResult` needs.
        public var token: String?
        public var lastUpdatedBy: String?
        public var externalExecutionId: String?
        public var externalExecutionUrl: String?
        public var percentComplete: Int?
        public var errorDetails: ErrorDetails?
    }

    public struct ActionState: Codable, Sendable, Hashable {
        public var actionName: String?
        public var currentRevision: ActionRevision?
        public var latestExecution: ActionExecution?
        public var entityUrl: String?
        public var revisionUrl: String?
    }

    public struct StageState: Codable, Sendable, Hashable {
        public var stageName: String?
        public var inboundExecution: StageExecution?
        public var inboundTransitionState: TransitionState?
        public var actionStates: [ActionState]?
        public var latestExecution: StageExecution?
    }

    public struct SourceRevision: Codable, Sendable, Hashable {
        public var actionName: String
        public var revisionId: String?
        public var revisionSummary: String?
        public var revisionUrl: String?
    }

    public struct ExecutionTrigger: Codable, Sendable, Hashable {
        /// `CreatePipeline`, `StartPipelineExecution`, `PollForSourceChanges`, `Webhook`, `WebhookV2`, ….
        public var triggerType: String?
        public var triggerDetail: String?
    }

    public struct StopExecutionTrigger: Codable, Sendable, Hashable {
        public var reason: String?
    }

    public struct PipelineExecutionSummary: Codable, Sendable, Hashable {
        public var pipelineExecutionId: String?
        public var status: PipelineExecutionStatus?
        public var statusSummary: String?
        public var startTime: Date?
        public var lastUpdateTime: Date?
        public var sourceRevisions: [SourceRevision]?
        public var trigger: ExecutionTrigger?
        public var stopTrigger: StopExecutionTrigger?
        public var executionMode: ExecutionMode?
        /// `STANDARD` or `ROLLBACK`.
        public var executionType: String?
    }

    public struct ArtifactRevision: Codable, Sendable, Hashable {
        public var name: String?
        public var revisionId: String?
        public var revisionChangeIdentifier: String?
        public var revisionSummary: String?
        public var created: Date?
        public var revisionUrl: String?
    }

    public struct ResolvedPipelineVariable: Codable, Sendable, Hashable {
        public var name: String?
        public var resolvedValue: String?
    }

    public struct PipelineExecution: Codable, Sendable, Hashable {
        public var pipelineName: String?
        public var pipelineVersion: Int?
        public var pipelineExecutionId: String?
        public var status: PipelineExecutionStatus?
        public var statusSummary: String?
        public var artifactRevisions: [ArtifactRevision]?
        public var variables: [ResolvedPipelineVariable]?
        public var trigger: ExecutionTrigger?
        public var executionMode: ExecutionMode?
        public var executionType: String?
    }

    public struct PipelineVariable: Codable, Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    // MARK: - Jobs

    public struct CurrentRevision: Codable, Sendable, Hashable {
        public var revision: String
        public var changeIdentifier: String
        public var created: Date?
        public var revisionSummary: String?

        public init(revision: String, changeIdentifier: String, created: Date? = nil, revisionSummary: String? = nil) {
            self.revision = revision
            self.changeIdentifier = changeIdentifier
            self.created = created
            self.revisionSummary = revisionSummary
        }
    }

    /// What the console shows for a job while it runs and when it ends.
    public struct ExecutionDetails: Codable, Sendable, Hashable {
        /// At most 2048 characters.
        public var summary: String?
        public var externalExecutionId: String?
        /// 0–100.
        public var percentComplete: Int?

        public init(summary: String? = nil, externalExecutionId: String? = nil, percentComplete: Int? = nil) {
            self.summary = summary
            self.externalExecutionId = externalExecutionId
            self.percentComplete = percentComplete
        }
    }

    /// Why a job failed. AWS refuses a `message` outside 1–5000 characters (a `ValidationException`);
    /// keeping to that is the caller's job, and `init(type:truncating:externalExecutionId:)` does it.
    public struct FailureDetails: Codable, Sendable, Hashable {
        public var type: FailureType
        /// 1–5000 characters.
        public var message: String
        public var externalExecutionId: String?

        public init(type: FailureType, message: String, externalExecutionId: String? = nil) {
            self.type = type
            self.message = message
            self.externalExecutionId = externalExecutionId
        }

        /// The same, with `message` cut to what AWS accepts (marked with `…`), and a placeholder
        /// for an empty one.
        public init(type: FailureType, truncating message: String, externalExecutionId: String? = nil) {
            self.init(type: type, message: CodePipeline.truncated(message, to: Self.messageLimit, placeholder: "no reason given"),
                      externalExecutionId: externalExecutionId)
        }

        /// The most characters AWS accepts in `message`.
        public static let messageLimit = 5000
    }

    public struct ApprovalResult: Codable, Sendable, Hashable {
        public var summary: String
        public var status: ApprovalStatus

        public init(summary: String, status: ApprovalStatus) {
            self.summary = summary
            self.status = status
        }
    }

    /// `text` cut, on a character boundary, to at most `limit` Unicode scalars (how AWS counts a
    /// string's length), ending in `…` when cut; `placeholder` when `text` is empty.
    public static func truncated(_ text: String, to limit: Int, placeholder: String = "-") -> String {
        guard !text.isEmpty else { return placeholder }
        guard text.unicodeScalars.count > limit else { return text }
        let ellipsis = "…"
        var kept = ""
        var scalars = 0
        for character in text {
            let size = character.unicodeScalars.count
            guard scalars + size <= limit - ellipsis.unicodeScalars.count else { break }
            kept.append(character)
            scalars += size
        }
        return kept + ellipsis
    }
}
