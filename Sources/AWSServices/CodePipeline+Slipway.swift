import AWSCore

/// AWS CodePipeline: each service's Source → Build → (Approve) → Deploy pipeline, and the
/// job results the deployer reports. Shapes are in `CodePipelineShapes.swift`.
public struct CodePipeline: Sendable {
    public static let service = AWSServiceDescription(
        serviceID: "CodePipeline", signingName: "codepipeline", endpointPrefix: "codepipeline",
        wireProtocol: .json(targetPrefix: "CodePipeline_20150709", version: "1.1"))
    public let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    // MARK: - Pipelines

    public struct CreatePipelineRequest: Codable, Sendable, Hashable {
        public var pipeline: PipelineDeclaration
        public var tags: [Tag]?

        public init(pipeline: PipelineDeclaration, tags: [Tag]? = nil) {
            self.pipeline = pipeline
            self.tags = tags
        }
    }

    public struct CreatePipelineResponse: Codable, Sendable {
        public let pipeline: PipelineDeclaration?
        public let tags: [Tag]?
    }

    /// A role CodePipeline cannot assume yet (IAM is eventually consistent) is an
    /// `InvalidStructureException`; a name in use, a `PipelineNameInUseException`.
    public func createPipeline(_ input: CreatePipelineRequest) async throws -> CreatePipelineResponse {
        try await client.json(Self.service, "CreatePipeline", input)
    }

    public struct GetPipelineRequest: Codable, Sendable {
        public var name: String
        public var version: Int?

        public init(name: String, version: Int? = nil) {
            self.name = name
            self.version = version
        }
    }

    public struct GetPipelineResponse: Codable, Sendable {
        public let pipeline: PipelineDeclaration?
        public let metadata: PipelineMetadata?
    }

    /// A pipeline that does not exist is a `PipelineNotFoundException`.
    public func getPipeline(_ input: GetPipelineRequest) async throws -> GetPipelineResponse {
        try await client.json(Self.service, "GetPipeline", input)
    }

    public struct UpdatePipelineRequest: Codable, Sendable, Hashable {
        /// The whole new structure; `version` is the one it replaces (or nil).
        public var pipeline: PipelineDeclaration

        public init(pipeline: PipelineDeclaration) {
            self.pipeline = pipeline
        }
    }

    public struct UpdatePipelineResponse: Codable, Sendable {
        public let pipeline: PipelineDeclaration?
    }

    public func updatePipeline(_ input: UpdatePipelineRequest) async throws -> UpdatePipelineResponse {
        try await client.json(Self.service, "UpdatePipeline", input)
    }

    public struct DeletePipelineRequest: Codable, Sendable {
        public var name: String

        public init(name: String) {
            self.name = name
        }
    }

    /// AWS answers success for a pipeline that does not exist.
    public func deletePipeline(_ input: DeletePipelineRequest) async throws {
        _ = try await client.json(Self.service, "DeletePipeline", input, as: EmptyShape.self)
    }

    public struct ListPipelinesRequest: Codable, Sendable {
        public var nextToken: String?
        public var maxResults: Int?

        public init(nextToken: String? = nil, maxResults: Int? = nil) {
            self.nextToken = nextToken
            self.maxResults = maxResults
        }
    }

    public struct ListPipelinesResponse: Codable, Sendable {
        public let pipelines: [PipelineSummary]?
        public let nextToken: String?
    }

    public func listPipelines(_ input: ListPipelinesRequest) async throws -> ListPipelinesResponse {
        try await client.json(Self.service, "ListPipelines", input)
    }

    /// Every page of `ListPipelines`.
    public func listAllPipelines() async throws -> [PipelineSummary] {
        try await Pagination.all { token in
            let response = try await listPipelines(ListPipelinesRequest(nextToken: token))
            return (response.pipelines ?? [], response.nextToken)
        }
    }

    // MARK: - State and executions

    public struct GetPipelineStateRequest: Codable, Sendable {
        public var name: String

        public init(name: String) {
            self.name = name
        }
    }

    public struct GetPipelineStateResponse: Codable, Sendable {
        public let pipelineName: String?
        public let pipelineVersion: Int?
        public let stageStates: [StageState]?
        public let created: Date?
        public let updated: Date?
    }

    public func getPipelineState(_ input: GetPipelineStateRequest) async throws -> GetPipelineStateResponse {
        try await client.json(Self.service, "GetPipelineState", input)
    }

    public struct StartPipelineExecutionRequest: Codable, Sendable {
        public var name: String
        public var variables: [PipelineVariable]?
        /// Makes a retried call start one execution, not two.
        public var clientRequestToken: String?

        public init(name: String, variables: [PipelineVariable]? = nil, clientRequestToken: String? = nil) {
            self.name = name
            self.variables = variables
            self.clientRequestToken = clientRequestToken
        }
    }

    public struct StartPipelineExecutionResponse: Codable, Sendable {
        public let pipelineExecutionId: String?
    }

    public func startPipelineExecution(_ input: StartPipelineExecutionRequest) async throws -> StartPipelineExecutionResponse {
        try await client.json(Self.service, "StartPipelineExecution", input)
    }

    public struct ListPipelineExecutionsRequest: Codable, Sendable {
        public var pipelineName: String
        public var maxResults: Int?
        public var nextToken: String?

        public init(pipelineName: String, maxResults: Int? = nil, nextToken: String? = nil) {
            self.pipelineName = pipelineName
            self.maxResults = maxResults
            self.nextToken = nextToken
        }
    }

    public struct ListPipelineExecutionsResponse: Codable, Sendable {
        /// Newest first.
        public let pipelineExecutionSummaries: [PipelineExecutionSummary]?
        public let nextToken: String?
    }

    public func listPipelineExecutions(_ input: ListPipelineExecutionsRequest) async throws -> ListPipelineExecutionsResponse {
        try await client.json(Self.service, "ListPipelineExecutions", input)
    }

    public struct GetPipelineExecutionRequest: Codable, Sendable {
        public var pipelineName: String
        public var pipelineExecutionId: String

        public init(pipelineName: String, pipelineExecutionId: String) {
            self.pipelineName = pipelineName
            self.pipelineExecutionId = pipelineExecutionId
        }
    }

    public struct GetPipelineExecutionResponse: Codable, Sendable {
        public let pipelineExecution: PipelineExecution?
    }

    public func getPipelineExecution(_ input: GetPipelineExecutionRequest) async throws -> GetPipelineExecutionResponse {
        try await client.json(Self.service, "GetPipelineExecution", input)
    }

    public struct PutApprovalResultRequest: Codable, Sendable {
        public var pipelineName: String
        public var stageName: String
        public var actionName: String
        public var result: ApprovalResult
        /// The approval action's `latestExecution.token` from `GetPipelineState`.
        public var token: String

        public init(pipelineName: String, stageName: String, actionName: String, result: ApprovalResult, token: String) {
            self.pipelineName = pipelineName
            self.stageName = stageName
            self.actionName = actionName
            self.result = result
            self.token = token
        }
    }

    public struct PutApprovalResultResponse: Codable, Sendable {
        public let approvedAt: Date?
    }

    public func putApprovalResult(_ input: PutApprovalResultRequest) async throws -> PutApprovalResultResponse {
        try await client.json(Self.service, "PutApprovalResult", input)
    }

    // MARK: - Jobs

    /// Ends a job successfully — or, with a `continuationToken`, says it is still running:
    /// CodePipeline then invokes the action again (about once a minute) with that token.
    public struct PutJobSuccessResultRequest: Codable, Sendable, Hashable {
        public var jobId: String
        public var currentRevision: CurrentRevision?
        /// 1–2048 characters (`continuationTokenLimit`); AWS refuses anything else, so a caller
        /// must keep the state it carries small. Cutting one short would corrupt it.
        public var continuationToken: String?
        public var executionDetails: ExecutionDetails?
        /// Published as the action's output variables (`#{namespace.key}`).
        public var outputVariables: [String: String]?

        public init(jobId: String, currentRevision: CurrentRevision? = nil, continuationToken: String? = nil,
                    executionDetails: ExecutionDetails? = nil, outputVariables: [String: String]? = nil) {
            self.jobId = jobId
            self.currentRevision = currentRevision
            self.continuationToken = continuationToken
            self.executionDetails = executionDetails
            self.outputVariables = outputVariables
        }

        /// The most characters AWS accepts in `continuationToken`.
        public static let continuationTokenLimit = 2048

        /// Whether AWS accepts `token` as a continuation token (1–2048 characters).
        public static func isValidContinuationToken(_ token: String) -> Bool {
            (1...continuationTokenLimit).contains(token.unicodeScalars.count)
        }
    }

    public func putJobSuccessResult(_ input: PutJobSuccessResultRequest) async throws {
        _ = try await client.json(Self.service, "PutJobSuccessResult", input, as: EmptyShape.self)
    }

    public struct PutJobFailureResultRequest: Codable, Sendable, Hashable {
        public var jobId: String
        /// Its `message` must be 1–5000 characters: see `FailureDetails`.
        public var failureDetails: FailureDetails

        public init(jobId: String, failureDetails: FailureDetails) {
            self.jobId = jobId
            self.failureDetails = failureDetails
        }
    }

    public func putJobFailureResult(_ input: PutJobFailureResultRequest) async throws {
        _ = try await client.json(Self.service, "PutJobFailureResult", input, as: EmptyShape.self)
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
        _ = try await client.json(Self.service, "TagResource", input, as: EmptyShape.self)
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
        _ = try await client.json(Self.service, "UntagResource", input, as: EmptyShape.self)
    }

    public struct ListTagsForResourceRequest: Codable, Sendable {
        public var resourceArn: String
        public var nextToken: String?
        public var maxResults: Int?

        public init(resourceArn: String, nextToken: String? = nil, maxResults: Int? = nil) {
            self.resourceArn = resourceArn
            self.nextToken = nextToken
            self.maxResults = maxResults
        }
    }

    public struct ListTagsForResourceResponse: Codable, Sendable {
        public let tags: [Tag]?
        public let nextToken: String?
    }

    public func listTagsForResource(_ input: ListTagsForResourceRequest) async throws -> ListTagsForResourceResponse {
        try await client.json(Self.service, "ListTagsForResource", input)
    }

    /// Every page of a resource's tags.
    public func listAllTags(resourceArn: String) async throws -> [Tag] {
        try await Pagination.all { token in
            let response = try await listTagsForResource(ListTagsForResourceRequest(resourceArn: resourceArn, nextToken: token))
            return (response.tags ?? [], response.nextToken)
        }
    }
}

extension CodePipeline {
    /// The error codes of CodePipeline that Slipway acts on.
    public enum ErrorCode {
        public static let pipelineNotFound = AWSErrorCode("PipelineNotFoundException")
        public static let pipelineExecutionNotFound = AWSErrorCode("PipelineExecutionNotFoundException")
        public static let invalidStructure = AWSErrorCode("InvalidStructureException")
    }
}
