import AWSCore

/// AWS CodeBuild: the project that builds each service's image in its pipeline's Build
/// stage. Shapes are in `CodeBuildShapes.swift`.
public struct CodeBuild: Sendable {
    public static let service = AWSServiceDescription(
        serviceID: "CodeBuild", signingName: "codebuild", endpointPrefix: "codebuild",
        wireProtocol: .json(targetPrefix: "CodeBuild_20161006", version: "1.1"))
    public let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    /// `BatchGetProjects` takes at most this many names per call.
    public static let batchGetProjectsLimit = 100
    /// `BatchGetBuilds` takes at most this many ids per call.
    public static let batchGetBuildsLimit = 100

    // MARK: - Projects

    public struct CreateProjectRequest: Codable, Sendable, Hashable {
        /// 2–150 of `[A-Za-z0-9][A-Za-z0-9\-_]*`.
        public var name: String
        public var description: String?
        public var source: ProjectSource
        public var sourceVersion: String?
        public var artifacts: ProjectArtifacts
        public var cache: ProjectCache?
        public var environment: ProjectEnvironment
        public var serviceRole: String
        /// 5–2160 (the default is 60).
        public var timeoutInMinutes: Int?
        public var queuedTimeoutInMinutes: Int?
        public var encryptionKey: String?
        public var tags: [Tag]?
        public var vpcConfig: VpcConfig?
        public var logsConfig: LogsConfig?
        public var concurrentBuildLimit: Int?

        public init(
            name: String, description: String? = nil, source: ProjectSource, sourceVersion: String? = nil,
            artifacts: ProjectArtifacts, cache: ProjectCache? = nil, environment: ProjectEnvironment, serviceRole: String,
            timeoutInMinutes: Int? = nil, queuedTimeoutInMinutes: Int? = nil, encryptionKey: String? = nil, tags: [Tag]? = nil,
            vpcConfig: VpcConfig? = nil, logsConfig: LogsConfig? = nil, concurrentBuildLimit: Int? = nil
        ) {
            self.name = name
            self.description = description
            self.source = source
            self.sourceVersion = sourceVersion
            self.artifacts = artifacts
            self.cache = cache
            self.environment = environment
            self.serviceRole = serviceRole
            self.timeoutInMinutes = timeoutInMinutes
            self.queuedTimeoutInMinutes = queuedTimeoutInMinutes
            self.encryptionKey = encryptionKey
            self.tags = tags
            self.vpcConfig = vpcConfig
            self.logsConfig = logsConfig
            self.concurrentBuildLimit = concurrentBuildLimit
        }
    }

    public struct CreateProjectResponse: Codable, Sendable {
        public let project: Project?
    }

    /// A role CodeBuild cannot assume yet (IAM is eventually consistent) is an `InvalidInputException`.
    public func createProject(_ input: CreateProjectRequest) async throws -> CreateProjectResponse {
        try await client.json(Self.service, "CreateProject", input)
    }

    /// Every member given replaces the project's; members left nil stay as they are.
    public struct UpdateProjectRequest: Codable, Sendable, Hashable {
        public var name: String
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
        /// Replaces all the project's tags.
        public var tags: [Tag]?
        public var vpcConfig: VpcConfig?
        public var logsConfig: LogsConfig?
        public var concurrentBuildLimit: Int?

        public init(
            name: String, description: String? = nil, source: ProjectSource? = nil, sourceVersion: String? = nil,
            artifacts: ProjectArtifacts? = nil, cache: ProjectCache? = nil, environment: ProjectEnvironment? = nil,
            serviceRole: String? = nil, timeoutInMinutes: Int? = nil, queuedTimeoutInMinutes: Int? = nil,
            encryptionKey: String? = nil, tags: [Tag]? = nil, vpcConfig: VpcConfig? = nil, logsConfig: LogsConfig? = nil,
            concurrentBuildLimit: Int? = nil
        ) {
            self.name = name
            self.description = description
            self.source = source
            self.sourceVersion = sourceVersion
            self.artifacts = artifacts
            self.cache = cache
            self.environment = environment
            self.serviceRole = serviceRole
            self.timeoutInMinutes = timeoutInMinutes
            self.queuedTimeoutInMinutes = queuedTimeoutInMinutes
            self.encryptionKey = encryptionKey
            self.tags = tags
            self.vpcConfig = vpcConfig
            self.logsConfig = logsConfig
            self.concurrentBuildLimit = concurrentBuildLimit
        }
    }

    public struct UpdateProjectResponse: Codable, Sendable {
        public let project: Project?
    }

    /// A project that does not exist is a `ResourceNotFoundException`.
    public func updateProject(_ input: UpdateProjectRequest) async throws -> UpdateProjectResponse {
        try await client.json(Self.service, "UpdateProject", input)
    }

    public struct BatchGetProjectsRequest: Codable, Sendable {
        /// Names or ARNs, at most `CodeBuild.batchGetProjectsLimit`.
        public var names: [String]

        public init(names: [String]) {
            self.names = names
        }
    }

    public struct BatchGetProjectsResponse: Codable, Sendable {
        public let projects: [Project]?
        /// The names asked for that are no project: absence is not an error.
        public let projectsNotFound: [String]?

        public init(projects: [Project]? = nil, projectsNotFound: [String]? = nil) {
            self.projects = projects
            self.projectsNotFound = projectsNotFound
        }
    }

    /// One call: at most `CodeBuild.batchGetProjectsLimit` names.
    public func batchGetProjects(_ input: BatchGetProjectsRequest) async throws -> BatchGetProjectsResponse {
        try await client.json(Self.service, "BatchGetProjects", input)
    }

    /// Any number of projects, `CodeBuild.batchGetProjectsLimit` names per call, one call after
    /// another; the projects and the names not found of all calls.
    public func batchGetAllProjects(names: [String]) async throws -> BatchGetProjectsResponse {
        var projects: [Project] = []
        var notFound: [String] = []
        for start in stride(from: 0, to: names.count, by: Self.batchGetProjectsLimit) {
            let chunk = Array(names[start..<min(start + Self.batchGetProjectsLimit, names.count)])
            let response = try await batchGetProjects(BatchGetProjectsRequest(names: chunk))
            projects += response.projects ?? []
            notFound += response.projectsNotFound ?? []
        }
        return BatchGetProjectsResponse(projects: projects, projectsNotFound: notFound)
    }

    public struct DeleteProjectRequest: Codable, Sendable {
        public var name: String

        public init(name: String) {
            self.name = name
        }
    }

    /// AWS answers success for a project that does not exist.
    public func deleteProject(_ input: DeleteProjectRequest) async throws {
        _ = try await client.json(Self.service, "DeleteProject", input, as: EmptyShape.self)
    }

    // MARK: - Builds

    public struct StartBuildRequest: Codable, Sendable, Hashable {
        public var projectName: String
        public var sourceVersion: String?
        public var artifactsOverride: ProjectArtifacts?
        public var environmentVariablesOverride: [EnvironmentVariable]?
        public var sourceTypeOverride: SourceType?
        public var sourceLocationOverride: String?
        public var buildspecOverride: String?
        public var imageOverride: String?
        public var computeTypeOverride: ComputeType?
        public var privilegedModeOverride: Bool?
        public var timeoutInMinutesOverride: Int?
        public var idempotencyToken: String?

        public init(
            projectName: String, sourceVersion: String? = nil, artifactsOverride: ProjectArtifacts? = nil,
            environmentVariablesOverride: [EnvironmentVariable]? = nil, sourceTypeOverride: SourceType? = nil,
            sourceLocationOverride: String? = nil, buildspecOverride: String? = nil, imageOverride: String? = nil,
            computeTypeOverride: ComputeType? = nil, privilegedModeOverride: Bool? = nil, timeoutInMinutesOverride: Int? = nil,
            idempotencyToken: String? = nil
        ) {
            self.projectName = projectName
            self.sourceVersion = sourceVersion
            self.artifactsOverride = artifactsOverride
            self.environmentVariablesOverride = environmentVariablesOverride
            self.sourceTypeOverride = sourceTypeOverride
            self.sourceLocationOverride = sourceLocationOverride
            self.buildspecOverride = buildspecOverride
            self.imageOverride = imageOverride
            self.computeTypeOverride = computeTypeOverride
            self.privilegedModeOverride = privilegedModeOverride
            self.timeoutInMinutesOverride = timeoutInMinutesOverride
            self.idempotencyToken = idempotencyToken
        }
    }

    public struct StartBuildResponse: Codable, Sendable {
        public let build: Build?
    }

    public func startBuild(_ input: StartBuildRequest) async throws -> StartBuildResponse {
        try await client.json(Self.service, "StartBuild", input)
    }

    public struct BatchGetBuildsRequest: Codable, Sendable {
        /// Build ids (`project:uuid`) or ARNs, at most `CodeBuild.batchGetBuildsLimit`.
        public var ids: [String]

        public init(ids: [String]) {
            self.ids = ids
        }
    }

    public struct BatchGetBuildsResponse: Codable, Sendable {
        public let builds: [Build]?
        public let buildsNotFound: [String]?
    }

    public func batchGetBuilds(_ input: BatchGetBuildsRequest) async throws -> BatchGetBuildsResponse {
        try await client.json(Self.service, "BatchGetBuilds", input)
    }

    public struct ListBuildsForProjectRequest: Codable, Sendable {
        public var projectName: String
        public var sortOrder: SortOrderType?
        public var nextToken: String?

        public init(projectName: String, sortOrder: SortOrderType? = nil, nextToken: String? = nil) {
            self.projectName = projectName
            self.sortOrder = sortOrder
            self.nextToken = nextToken
        }
    }

    public struct ListBuildsForProjectResponse: Codable, Sendable {
        /// Build ids, newest first unless `sortOrder` says otherwise.
        public let ids: [String]?
        public let nextToken: String?
    }

    /// A project that does not exist is a `ResourceNotFoundException`.
    public func listBuildsForProject(_ input: ListBuildsForProjectRequest) async throws -> ListBuildsForProjectResponse {
        try await client.json(Self.service, "ListBuildsForProject", input)
    }
}

extension CodeBuild {
    /// The error codes of CodeBuild that Slipway acts on.
    public enum ErrorCode {
        public static let resourceNotFound = AWSErrorCode("ResourceNotFoundException")
        public static let invalidInput = AWSErrorCode("InvalidInputException")
    }
}
