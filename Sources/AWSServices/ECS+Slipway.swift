import AWSCore

/// Amazon Elastic Container Service: the cluster, the task definitions and the Fargate
/// services that run each Slipway service. Shapes are in `ECSShapes.swift`.
public struct ECS: Sendable {
    public static let service = AWSServiceDescription(
        serviceID: "ECS", signingName: "ecs", endpointPrefix: "ecs",
        wireProtocol: .json(targetPrefix: "AmazonEC2ContainerServiceV20141113", version: "1.1"))
    public let client: AWSClient

    public init(client: AWSClient) {
        self.client = client
    }

    /// `DescribeServices` takes at most this many services per call.
    public static let describeServicesLimit = 10
    /// `DescribeTasks` takes at most this many tasks per call.
    public static let describeTasksLimit = 100

    // MARK: - Clusters

    public struct CreateClusterRequest: Codable, Sendable {
        public var clusterName: String?
        public var tags: [Tag]?
        public var settings: [ClusterSetting]?
        public var capacityProviders: [String]?

        public init(clusterName: String? = nil, tags: [Tag]? = nil, settings: [ClusterSetting]? = nil, capacityProviders: [String]? = nil) {
            self.clusterName = clusterName
            self.tags = tags
            self.settings = settings
            self.capacityProviders = capacityProviders
        }
    }

    public struct CreateClusterResponse: Codable, Sendable {
        public let cluster: Cluster?
    }

    public func createCluster(_ input: CreateClusterRequest) async throws -> CreateClusterResponse {
        try await client.json(Self.service, "CreateCluster", input)
    }

    public struct DescribeClustersRequest: Codable, Sendable {
        /// Names or ARNs, at most 100.
        public var clusters: [String]?
        public var include: [IncludeField]?

        public init(clusters: [String]? = nil, include: [IncludeField]? = nil) {
            self.clusters = clusters
            self.include = include
        }
    }

    public struct DescribeClustersResponse: Codable, Sendable {
        /// Deleted clusters are still described for a while, with status `INACTIVE`.
        public let clusters: [Cluster]?
        public let failures: [Failure]?
    }

    public func describeClusters(_ input: DescribeClustersRequest) async throws -> DescribeClustersResponse {
        try await client.json(Self.service, "DescribeClusters", input)
    }

    public struct DeleteClusterRequest: Codable, Sendable {
        public var cluster: String

        public init(cluster: String) {
            self.cluster = cluster
        }
    }

    public struct DeleteClusterResponse: Codable, Sendable {
        public let cluster: Cluster?
    }

    public func deleteCluster(_ input: DeleteClusterRequest) async throws -> DeleteClusterResponse {
        try await client.json(Self.service, "DeleteCluster", input)
    }

    // MARK: - Task definitions

    public struct RegisterTaskDefinitionRequest: Codable, Sendable, Hashable {
        public var family: String
        public var taskRoleArn: String?
        public var executionRoleArn: String?
        public var networkMode: NetworkMode?
        public var containerDefinitions: [ContainerDefinition]
        public var requiresCompatibilities: [Compatibility]?
        /// Fargate cpu units as a string (`"256"`); see DESIGN.md for the valid cpu/memory pairs.
        public var cpu: String?
        /// MiB as a string (`"512"`).
        public var memory: String?
        public var tags: [Tag]?
        public var runtimePlatform: RuntimePlatform?
        public var ephemeralStorage: EphemeralStorage?

        public init(
            family: String, taskRoleArn: String? = nil, executionRoleArn: String? = nil, networkMode: NetworkMode? = nil,
            containerDefinitions: [ContainerDefinition], requiresCompatibilities: [Compatibility]? = nil,
            cpu: String? = nil, memory: String? = nil, tags: [Tag]? = nil, runtimePlatform: RuntimePlatform? = nil,
            ephemeralStorage: EphemeralStorage? = nil
        ) {
            self.family = family
            self.taskRoleArn = taskRoleArn
            self.executionRoleArn = executionRoleArn
            self.networkMode = networkMode
            self.containerDefinitions = containerDefinitions
            self.requiresCompatibilities = requiresCompatibilities
            self.cpu = cpu
            self.memory = memory
            self.tags = tags
            self.runtimePlatform = runtimePlatform
            self.ephemeralStorage = ephemeralStorage
        }
    }

    public struct RegisterTaskDefinitionResponse: Codable, Sendable {
        public let taskDefinition: TaskDefinition?
        public let tags: [Tag]?
    }

    public func registerTaskDefinition(_ input: RegisterTaskDefinitionRequest) async throws -> RegisterTaskDefinitionResponse {
        try await client.json(Self.service, "RegisterTaskDefinition", input)
    }

    public struct DescribeTaskDefinitionRequest: Codable, Sendable {
        /// `family` (the latest ACTIVE revision), `family:revision`, or the ARN.
        public var taskDefinition: String
        /// `[.tags]` to have the tags in the reply.
        public var include: [IncludeField]?

        public init(taskDefinition: String, include: [IncludeField]? = nil) {
            self.taskDefinition = taskDefinition
            self.include = include
        }
    }

    public struct DescribeTaskDefinitionResponse: Codable, Sendable {
        public let taskDefinition: TaskDefinition?
        public let tags: [Tag]?
    }

    /// A task definition that does not exist is a `ClientException`.
    public func describeTaskDefinition(_ input: DescribeTaskDefinitionRequest) async throws -> DescribeTaskDefinitionResponse {
        try await client.json(Self.service, "DescribeTaskDefinition", input)
    }

    public struct ListTaskDefinitionsRequest: Codable, Sendable {
        /// The whole family name: AWS matches it exactly, not as a prefix, despite the name.
        public var familyPrefix: String?
        public var status: TaskDefinitionStatus?
        public var sort: SortOrder?
        public var nextToken: String?
        public var maxResults: Int?

        public init(familyPrefix: String? = nil, status: TaskDefinitionStatus? = nil, sort: SortOrder? = nil, nextToken: String? = nil, maxResults: Int? = nil) {
            self.familyPrefix = familyPrefix
            self.status = status
            self.sort = sort
            self.nextToken = nextToken
            self.maxResults = maxResults
        }
    }

    public struct ListTaskDefinitionsResponse: Codable, Sendable {
        public let taskDefinitionArns: [String]?
        public let nextToken: String?
    }

    public func listTaskDefinitions(_ input: ListTaskDefinitionsRequest) async throws -> ListTaskDefinitionsResponse {
        try await client.json(Self.service, "ListTaskDefinitions", input)
    }

    /// Every page of `ListTaskDefinitions`: the ARNs in the order asked for.
    public func listAllTaskDefinitions(_ input: ListTaskDefinitionsRequest) async throws -> [String] {
        try await Pagination.all { token in
            var page = input
            page.nextToken = token
            let response = try await listTaskDefinitions(page)
            return (response.taskDefinitionArns ?? [], response.nextToken)
        }
    }

    public struct DeregisterTaskDefinitionRequest: Codable, Sendable {
        /// `family:revision` or the ARN (a revision is required).
        public var taskDefinition: String

        public init(taskDefinition: String) {
            self.taskDefinition = taskDefinition
        }
    }

    public struct DeregisterTaskDefinitionResponse: Codable, Sendable {
        public let taskDefinition: TaskDefinition?
    }

    public func deregisterTaskDefinition(_ input: DeregisterTaskDefinitionRequest) async throws -> DeregisterTaskDefinitionResponse {
        try await client.json(Self.service, "DeregisterTaskDefinition", input)
    }

    public struct DeleteTaskDefinitionsRequest: Codable, Sendable {
        /// `family:revision` or ARNs of INACTIVE revisions, at most 10.
        public var taskDefinitions: [String]

        public init(taskDefinitions: [String]) {
            self.taskDefinitions = taskDefinitions
        }
    }

    public struct DeleteTaskDefinitionsResponse: Codable, Sendable {
        public let taskDefinitions: [TaskDefinition]?
        public let failures: [Failure]?
    }

    public func deleteTaskDefinitions(_ input: DeleteTaskDefinitionsRequest) async throws -> DeleteTaskDefinitionsResponse {
        try await client.json(Self.service, "DeleteTaskDefinitions", input)
    }

    // MARK: - Services

    public struct CreateServiceRequest: Codable, Sendable, Hashable {
        public var cluster: String?
        public var serviceName: String
        public var taskDefinition: String?
        public var desiredCount: Int?
        public var clientToken: String?
        public var launchType: LaunchType?
        public var platformVersion: String?
        public var deploymentConfiguration: DeploymentConfiguration?
        public var networkConfiguration: NetworkConfiguration?
        public var healthCheckGracePeriodSeconds: Int?
        public var schedulingStrategy: SchedulingStrategy?
        public var deploymentController: DeploymentController?
        public var tags: [Tag]?
        public var enableECSManagedTags: Bool?
        public var propagateTags: PropagateTags?
        public var enableExecuteCommand: Bool?

        public init(
            cluster: String? = nil, serviceName: String, taskDefinition: String? = nil, desiredCount: Int? = nil,
            clientToken: String? = nil, launchType: LaunchType? = nil, platformVersion: String? = nil,
            deploymentConfiguration: DeploymentConfiguration? = nil, networkConfiguration: NetworkConfiguration? = nil,
            healthCheckGracePeriodSeconds: Int? = nil, schedulingStrategy: SchedulingStrategy? = nil,
            deploymentController: DeploymentController? = nil, tags: [Tag]? = nil, enableECSManagedTags: Bool? = nil,
            propagateTags: PropagateTags? = nil, enableExecuteCommand: Bool? = nil
        ) {
            self.cluster = cluster
            self.serviceName = serviceName
            self.taskDefinition = taskDefinition
            self.desiredCount = desiredCount
            self.clientToken = clientToken
            self.launchType = launchType
            self.platformVersion = platformVersion
            self.deploymentConfiguration = deploymentConfiguration
            self.networkConfiguration = networkConfiguration
            self.healthCheckGracePeriodSeconds = healthCheckGracePeriodSeconds
            self.schedulingStrategy = schedulingStrategy
            self.deploymentController = deploymentController
            self.tags = tags
            self.enableECSManagedTags = enableECSManagedTags
            self.propagateTags = propagateTags
            self.enableExecuteCommand = enableExecuteCommand
        }
    }

    public struct CreateServiceResponse: Codable, Sendable {
        public let service: Service?
    }

    public func createService(_ input: CreateServiceRequest) async throws -> CreateServiceResponse {
        try await client.json(Self.service, "CreateService", input)
    }

    public struct DescribeServicesRequest: Codable, Sendable {
        public var cluster: String?
        /// Names or ARNs, at most `ECS.describeServicesLimit`; `describeAllServices` splits longer lists.
        public var services: [String]
        /// `[.tags]` to have each service's tags in the reply.
        public var include: [IncludeField]?

        public init(cluster: String? = nil, services: [String], include: [IncludeField]? = nil) {
            self.cluster = cluster
            self.services = services
            self.include = include
        }
    }

    public struct DescribeServicesResponse: Codable, Sendable {
        /// Deleted services are still described for a while, with status `INACTIVE`.
        public let services: [Service]?
        /// Services that do not exist are failures with reason `MISSING`, not errors.
        public let failures: [Failure]?

        public init(services: [Service]? = nil, failures: [Failure]? = nil) {
            self.services = services
            self.failures = failures
        }
    }

    /// One call: at most `ECS.describeServicesLimit` services.
    public func describeServices(_ input: DescribeServicesRequest) async throws -> DescribeServicesResponse {
        try await client.json(Self.service, "DescribeServices", input)
    }

    /// Describes any number of services, `ECS.describeServicesLimit` per call, one call after
    /// another; the services and failures of all calls, in the order of the names.
    public func describeAllServices(cluster: String?, services: [String], include: [IncludeField]? = nil) async throws -> DescribeServicesResponse {
        var found: [Service] = []
        var failures: [Failure] = []
        for start in stride(from: 0, to: services.count, by: Self.describeServicesLimit) {
            let chunk = Array(services[start..<min(start + Self.describeServicesLimit, services.count)])
            let response = try await describeServices(DescribeServicesRequest(cluster: cluster, services: chunk, include: include))
            found += response.services ?? []
            failures += response.failures ?? []
        }
        return DescribeServicesResponse(services: found, failures: failures)
    }

    public struct UpdateServiceRequest: Codable, Sendable, Hashable {
        public var cluster: String?
        public var service: String
        public var desiredCount: Int?
        /// `family`, `family:revision` or the ARN; a change starts a new deployment.
        public var taskDefinition: String?
        public var deploymentConfiguration: DeploymentConfiguration?
        public var networkConfiguration: NetworkConfiguration?
        public var platformVersion: String?
        /// Starts a new deployment even when nothing else changes (pulls a moved image tag again).
        public var forceNewDeployment: Bool?
        public var healthCheckGracePeriodSeconds: Int?
        public var enableExecuteCommand: Bool?
        public var enableECSManagedTags: Bool?
        public var propagateTags: PropagateTags?

        public init(
            cluster: String? = nil, service: String, desiredCount: Int? = nil, taskDefinition: String? = nil,
            deploymentConfiguration: DeploymentConfiguration? = nil, networkConfiguration: NetworkConfiguration? = nil,
            platformVersion: String? = nil, forceNewDeployment: Bool? = nil, healthCheckGracePeriodSeconds: Int? = nil,
            enableExecuteCommand: Bool? = nil, enableECSManagedTags: Bool? = nil, propagateTags: PropagateTags? = nil
        ) {
            self.cluster = cluster
            self.service = service
            self.desiredCount = desiredCount
            self.taskDefinition = taskDefinition
            self.deploymentConfiguration = deploymentConfiguration
            self.networkConfiguration = networkConfiguration
            self.platformVersion = platformVersion
            self.forceNewDeployment = forceNewDeployment
            self.healthCheckGracePeriodSeconds = healthCheckGracePeriodSeconds
            self.enableExecuteCommand = enableExecuteCommand
            self.enableECSManagedTags = enableECSManagedTags
            self.propagateTags = propagateTags
        }
    }

    public struct UpdateServiceResponse: Codable, Sendable {
        public let service: Service?
    }

    public func updateService(_ input: UpdateServiceRequest) async throws -> UpdateServiceResponse {
        try await client.json(Self.service, "UpdateService", input)
    }

    public struct DeleteServiceRequest: Codable, Sendable {
        public var cluster: String?
        public var service: String
        /// Deletes a service that still has desired tasks (otherwise scale it to 0 first).
        public var force: Bool?

        public init(cluster: String? = nil, service: String, force: Bool? = nil) {
            self.cluster = cluster
            self.service = service
            self.force = force
        }
    }

    public struct DeleteServiceResponse: Codable, Sendable {
        public let service: Service?
    }

    /// A service that does not exist is a `ServiceNotFoundException`.
    public func deleteService(_ input: DeleteServiceRequest) async throws -> DeleteServiceResponse {
        try await client.json(Self.service, "DeleteService", input)
    }

    public struct ListServicesRequest: Codable, Sendable {
        public var cluster: String?
        public var nextToken: String?
        public var maxResults: Int?
        public var launchType: LaunchType?
        public var schedulingStrategy: SchedulingStrategy?

        public init(cluster: String? = nil, nextToken: String? = nil, maxResults: Int? = nil, launchType: LaunchType? = nil, schedulingStrategy: SchedulingStrategy? = nil) {
            self.cluster = cluster
            self.nextToken = nextToken
            self.maxResults = maxResults
            self.launchType = launchType
            self.schedulingStrategy = schedulingStrategy
        }
    }

    public struct ListServicesResponse: Codable, Sendable {
        public let serviceArns: [String]?
        public let nextToken: String?
    }

    public func listServices(_ input: ListServicesRequest) async throws -> ListServicesResponse {
        try await client.json(Self.service, "ListServices", input)
    }

    /// Every page of `ListServices`.
    public func listAllServices(_ input: ListServicesRequest) async throws -> [String] {
        try await Pagination.all { token in
            var page = input
            page.nextToken = token
            let response = try await listServices(page)
            return (response.serviceArns ?? [], response.nextToken)
        }
    }

    // MARK: - Tasks

    public struct ListTasksRequest: Codable, Sendable {
        public var cluster: String?
        public var family: String?
        public var nextToken: String?
        public var maxResults: Int?
        public var startedBy: String?
        public var serviceName: String?
        public var desiredStatus: DesiredStatus?
        public var launchType: LaunchType?

        public init(
            cluster: String? = nil, family: String? = nil, nextToken: String? = nil, maxResults: Int? = nil, startedBy: String? = nil,
            serviceName: String? = nil, desiredStatus: DesiredStatus? = nil, launchType: LaunchType? = nil
        ) {
            self.cluster = cluster
            self.family = family
            self.nextToken = nextToken
            self.maxResults = maxResults
            self.startedBy = startedBy
            self.serviceName = serviceName
            self.desiredStatus = desiredStatus
            self.launchType = launchType
        }
    }

    public struct ListTasksResponse: Codable, Sendable {
        public let taskArns: [String]?
        public let nextToken: String?
    }

    public func listTasks(_ input: ListTasksRequest) async throws -> ListTasksResponse {
        try await client.json(Self.service, "ListTasks", input)
    }

    /// Every page of `ListTasks`.
    public func listAllTasks(_ input: ListTasksRequest) async throws -> [String] {
        try await Pagination.all { token in
            var page = input
            page.nextToken = token
            let response = try await listTasks(page)
            return (response.taskArns ?? [], response.nextToken)
        }
    }

    public struct DescribeTasksRequest: Codable, Sendable {
        public var cluster: String?
        /// Task ARNs or ids, at most `ECS.describeTasksLimit`.
        public var tasks: [String]
        public var include: [IncludeField]?

        public init(cluster: String? = nil, tasks: [String], include: [IncludeField]? = nil) {
            self.cluster = cluster
            self.tasks = tasks
            self.include = include
        }
    }

    public struct DescribeTasksResponse: Codable, Sendable {
        public let tasks: [Task]?
        public let failures: [Failure]?
    }

    public func describeTasks(_ input: DescribeTasksRequest) async throws -> DescribeTasksResponse {
        try await client.json(Self.service, "DescribeTasks", input)
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

        public init(resourceArn: String) {
            self.resourceArn = resourceArn
        }
    }

    public struct ListTagsForResourceResponse: Codable, Sendable {
        public let tags: [Tag]?
    }

    public func listTagsForResource(_ input: ListTagsForResourceRequest) async throws -> ListTagsForResourceResponse {
        try await client.json(Self.service, "ListTagsForResource", input)
    }
}

extension ECS {
    /// The error codes of ECS that Slipway acts on.
    public enum ErrorCode {
        public static let clusterNotFound = AWSErrorCode("ClusterNotFoundException")
        public static let serviceNotFound = AWSErrorCode("ServiceNotFoundException")
        public static let serviceNotActive = AWSErrorCode("ServiceNotActiveException")
        public static let client = AWSErrorCode("ClientException")
    }
}
