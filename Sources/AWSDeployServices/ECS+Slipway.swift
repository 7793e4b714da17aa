import AWSCore

// Slipway's conveniences over the generated ECS calls (Generated/ECS.swift): batching to AWS's
// limits, pagination, the deployer's copy of a task definition, and a deployment's typed status.
// Inside `ECS` the generated `Task` hides Swift's; code here that needs the concurrency one spells
// it `_Concurrency.Task`.
extension ECS {
    /// `DescribeServices` takes at most this many services per call.
    public static let describeServicesLimit = 10
    /// `DescribeTasks` takes at most this many tasks per call.
    public static let describeTasksLimit = 100

    /// Every page of `ListTaskDefinitions`: the ARNs in the order asked for.
    /// Every family under the prefix (a real prefix here, unlike ListTaskDefinitions'), following `nextToken`.
    public func listAllTaskDefinitionFamilies(_ input: ListTaskDefinitionFamiliesRequest) async throws -> [String] {
        try await Pagination.all { token in
            var page = input
            page.nextToken = token
            let response = try await listTaskDefinitionFamilies(page)
            return (response.families ?? [], response.nextToken)
        }
    }

    public func listAllTaskDefinitions(_ input: ListTaskDefinitionsRequest) async throws -> [String] {
        try await Pagination.all { token in
            var page = input
            page.nextToken = token
            let response = try await listTaskDefinitions(page)
            return (response.taskDefinitionArns ?? [], response.nextToken)
        }
    }

    /// Describes any number of services, `ECS.describeServicesLimit` per call, one call after
    /// another; the services and failures of all calls, in the order of the names.
    public func describeAllServices(cluster: String?, services: [String], include: [ServiceField]? = nil) async throws -> DescribeServicesResponse {
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

    /// Every page of `ListServices`.
    public func listAllServices(_ input: ListServicesRequest) async throws -> [String] {
        try await Pagination.all { token in
            var page = input
            page.nextToken = token
            let response = try await listServices(page)
            return (response.serviceArns ?? [], response.nextToken)
        }
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
}

extension ECS {
    /// A deployment's place in its service: the one being rolled out is `PRIMARY`, the ones it
    /// replaces `ACTIVE` while they drain, then `INACTIVE`. The model types `Deployment.status` as a
    /// plain string; this is Slipway's typed view of it (`Deployment.deploymentStatus`).
    public struct DeploymentStatus: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
        public static let primary: Self = "PRIMARY"
        public static let active: Self = "ACTIVE"
        public static let inactive: Self = "INACTIVE"
    }
}

extension ECS.Deployment {
    /// `status`, typed.
    public var deploymentStatus: ECS.DeploymentStatus? {
        get { status.map(ECS.DeploymentStatus.init(rawValue:)) }
        set { status = newValue?.rawValue }
    }
}

extension ECS.Service {
    /// The deployment being rolled out (there is exactly one `PRIMARY` in AWS).
    public var primaryDeployment: ECS.Deployment? {
        deployments?.first { $0.deploymentStatus == .primary }
    }
}

extension ECS.TaskDefinition {
    /// A request that registers a new revision of this task definition, with the changes
    /// `modify` makes (the deployer's "same revision, new image"). It carries every member
    /// `RegisterTaskDefinition` accepts, so settings Slipway does not model survive the copy.
    public func registrationRequest(tags: [ECS.Tag]? = nil, _ modify: (inout ECS.RegisterTaskDefinitionRequest) -> Void = { _ in }) -> ECS.RegisterTaskDefinitionRequest? {
        guard let family, let containerDefinitions else { return nil }
        var request = ECS.RegisterTaskDefinitionRequest(
            family: family, taskRoleArn: taskRoleArn, executionRoleArn: executionRoleArn, networkMode: networkMode,
            containerDefinitions: containerDefinitions, volumes: volumes, placementConstraints: placementConstraints,
            requiresCompatibilities: requiresCompatibilities, cpu: cpu, memory: memory, tags: tags, pidMode: pidMode,
            ipcMode: ipcMode, proxyConfiguration: proxyConfiguration, inferenceAccelerators: inferenceAccelerators,
            ephemeralStorage: ephemeralStorage, runtimePlatform: runtimePlatform, enableFaultInjection: enableFaultInjection,
            trustedExecutionConfiguration: trustedExecutionConfiguration)
        modify(&request)
        return request
    }
}

extension ECS {
    /// The error codes of ECS that Slipway acts on.
    public enum ErrorCode {
        public static let clusterNotFound = AWSErrorCode("ClusterNotFoundException")
        public static let serviceNotFound = AWSErrorCode("ServiceNotFoundException")
        public static let serviceNotActive = AWSErrorCode("ServiceNotActiveException")
        public static let client = AWSErrorCode("ClientException")
        /// DeleteCluster while a service of it is ACTIVE or DRAINING.
        public static let clusterContainsServices = AWSErrorCode("ClusterContainsServicesException")
        /// DeleteCluster while tasks of it are still running or stopping.
        public static let clusterContainsTasks = AWSErrorCode("ClusterContainsTasksException")
    }
}
