import AWSCore

// The shapes ECS operations share, named and spelled as in the ECS API model (botocore
// `ecs/2014-11-13`). Members the model requires are non-optional, the rest optional, so a
// reply that leaves a member out (AWS and moto both do) still decodes. Enumerations are
// open structs rather than Swift enums: AWS adds values, and an unknown one must not make
// a whole reply unreadable.

extension ECS {
    /// A resource tag. The model leaves both members optional; AWS always sends both.
    public struct Tag: Codable, Sendable, Hashable {
        public var key: String
        public var value: String

        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// A name and a value: container environment variables, cluster statistics.
    public struct KeyValuePair: Codable, Sendable, Hashable {
        public var name: String?
        public var value: String?

        public init(name: String? = nil, value: String? = nil) {
            self.name = name
            self.value = value
        }
    }

    /// Why one of the resources a batch call named could not be described (`MISSING`, …).
    public struct Failure: Codable, Sendable, Hashable {
        public var arn: String?
        public var reason: String?
        public var detail: String?
    }

    // MARK: - Enumerations

    public struct LaunchType: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let ec2 = Self(rawValue: "EC2")
        public static let fargate = Self(rawValue: "FARGATE")
        public static let external = Self(rawValue: "EXTERNAL")
    }

    public struct NetworkMode: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let bridge = Self(rawValue: "bridge")
        public static let host = Self(rawValue: "host")
        public static let awsvpc = Self(rawValue: "awsvpc")
        public static let none = Self(rawValue: "none")
    }

    public struct Compatibility: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let ec2 = Self(rawValue: "EC2")
        public static let fargate = Self(rawValue: "FARGATE")
        public static let external = Self(rawValue: "EXTERNAL")
    }

    public struct PropagateTags: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let taskDefinition = Self(rawValue: "TASK_DEFINITION")
        public static let service = Self(rawValue: "SERVICE")
        public static let none = Self(rawValue: "NONE")
    }

    public struct AssignPublicIp: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let enabled = Self(rawValue: "ENABLED")
        public static let disabled = Self(rawValue: "DISABLED")
    }

    public struct SchedulingStrategy: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let replica = Self(rawValue: "REPLICA")
        public static let daemon = Self(rawValue: "DAEMON")
    }

    /// A deployment's place in its service: the one being rolled out is `PRIMARY`, the ones it
    /// replaces `ACTIVE` while they drain, then `INACTIVE`. (A plain string in the model.)
    public struct DeploymentStatus: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let primary = Self(rawValue: "PRIMARY")
        public static let active = Self(rawValue: "ACTIVE")
        public static let inactive = Self(rawValue: "INACTIVE")
    }

    public struct DeploymentRolloutState: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let completed = Self(rawValue: "COMPLETED")
        public static let failed = Self(rawValue: "FAILED")
        public static let inProgress = Self(rawValue: "IN_PROGRESS")
    }

    public struct DeploymentControllerType: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let ecs = Self(rawValue: "ECS")
        public static let codeDeploy = Self(rawValue: "CODE_DEPLOY")
        public static let external = Self(rawValue: "EXTERNAL")
    }

    public struct TaskDefinitionStatus: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let active = Self(rawValue: "ACTIVE")
        public static let inactive = Self(rawValue: "INACTIVE")
        public static let deleteInProgress = Self(rawValue: "DELETE_IN_PROGRESS")
    }

    public struct SortOrder: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let ascending = Self(rawValue: "ASC")
        public static let descending = Self(rawValue: "DESC")
    }

    public struct TransportProtocol: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let tcp = Self(rawValue: "tcp")
        public static let udp = Self(rawValue: "udp")
    }

    public struct ApplicationProtocol: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let http = Self(rawValue: "http")
        public static let http2 = Self(rawValue: "http2")
        public static let grpc = Self(rawValue: "grpc")
    }

    public struct LogDriver: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let awslogs = Self(rawValue: "awslogs")
        public static let awsfirelens = Self(rawValue: "awsfirelens")
        public static let jsonFile = Self(rawValue: "json-file")
        public static let splunk = Self(rawValue: "splunk")
    }

    public struct DesiredStatus: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let running = Self(rawValue: "RUNNING")
        public static let pending = Self(rawValue: "PENDING")
        public static let stopped = Self(rawValue: "STOPPED")
    }

    /// The optional parts that describe calls add when asked (`include`): `TAGS` and others.
    public struct IncludeField: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let tags = Self(rawValue: "TAGS")
        public static let settings = Self(rawValue: "SETTINGS")
        public static let statistics = Self(rawValue: "STATISTICS")
        public static let configurations = Self(rawValue: "CONFIGURATIONS")
        public static let attachments = Self(rawValue: "ATTACHMENTS")
    }

    // MARK: - Clusters

    public struct ClusterSettingName: RawRepresentable, Codable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let containerInsights = Self(rawValue: "containerInsights")
    }

    public struct ClusterSetting: Codable, Sendable, Hashable {
        public var name: ClusterSettingName?
        /// `enabled`, `disabled` or `enhanced` for `containerInsights`.
        public var value: String?

        public init(name: ClusterSettingName? = nil, value: String? = nil) {
            self.name = name
            self.value = value
        }
    }

    public struct Cluster: Codable, Sendable, Hashable {
        public var clusterArn: String?
        public var clusterName: String?
        /// `ACTIVE`, `PROVISIONING`, `DEPROVISIONING`, `FAILED` or `INACTIVE` (a deleted cluster).
        public var status: String?
        public var registeredContainerInstancesCount: Int?
        public var runningTasksCount: Int?
        public var pendingTasksCount: Int?
        public var activeServicesCount: Int?
        public var statistics: [KeyValuePair]?
        public var tags: [Tag]?
        public var settings: [ClusterSetting]?
        public var capacityProviders: [String]?
    }

    // MARK: - Task definitions

    public struct PortMapping: Codable, Sendable, Hashable {
        public var containerPort: Int?
        public var hostPort: Int?
        public var `protocol`: TransportProtocol?
        public var name: String?
        public var appProtocol: ApplicationProtocol?

        public init(containerPort: Int? = nil, hostPort: Int? = nil, protocol: TransportProtocol? = nil, name: String? = nil, appProtocol: ApplicationProtocol? = nil) {
            self.containerPort = containerPort
            self.hostPort = hostPort
            self.protocol = `protocol`
            self.name = name
            self.appProtocol = appProtocol
        }
    }

    /// A variable whose value ECS reads, when the task starts, from Secrets Manager or SSM.
    public struct Secret: Codable, Sendable, Hashable {
        public var name: String
        /// The ARN of the secret or parameter (or a parameter name in the same region).
        public var valueFrom: String

        public init(name: String, valueFrom: String) {
            self.name = name
            self.valueFrom = valueFrom
        }
    }

    public struct LogConfiguration: Codable, Sendable, Hashable {
        public var logDriver: LogDriver
        /// For `awslogs`: `awslogs-group`, `awslogs-region`, `awslogs-stream-prefix`, ….
        public var options: [String: String]?
        public var secretOptions: [Secret]?

        public init(logDriver: LogDriver, options: [String: String]? = nil, secretOptions: [Secret]? = nil) {
            self.logDriver = logDriver
            self.options = options
            self.secretOptions = secretOptions
        }
    }

    public struct HealthCheck: Codable, Sendable, Hashable {
        public var command: [String]
        public var interval: Int?
        public var timeout: Int?
        public var retries: Int?
        public var startPeriod: Int?

        public init(command: [String], interval: Int? = nil, timeout: Int? = nil, retries: Int? = nil, startPeriod: Int? = nil) {
            self.command = command
            self.interval = interval
            self.timeout = timeout
            self.retries = retries
            self.startPeriod = startPeriod
        }
    }

    public struct RepositoryCredentials: Codable, Sendable, Hashable {
        public var credentialsParameter: String

        public init(credentialsParameter: String) {
            self.credentialsParameter = credentialsParameter
        }
    }

    public struct EnvironmentFile: Codable, Sendable, Hashable {
        public var value: String
        /// Only `s3`.
        public var type: String

        public init(value: String, type: String = "s3") {
            self.value = value
            self.type = type
        }
    }

    public struct ContainerDependency: Codable, Sendable, Hashable {
        public var containerName: String
        /// `START`, `COMPLETE`, `SUCCESS` or `HEALTHY`.
        public var condition: String

        public init(containerName: String, condition: String) {
            self.containerName = containerName
            self.condition = condition
        }
    }

    public struct Ulimit: Codable, Sendable, Hashable {
        public var name: String
        public var softLimit: Int
        public var hardLimit: Int

        public init(name: String, softLimit: Int, hardLimit: Int) {
            self.name = name
            self.softLimit = softLimit
            self.hardLimit = hardLimit
        }
    }

    /// One container of a task definition. Only the members Slipway sets or must carry over
    /// when the deployer copies a revision with a new image are typed; a member not listed
    /// here is lost in that copy.
    public struct ContainerDefinition: Codable, Sendable, Hashable {
        public var name: String?
        public var image: String?
        public var repositoryCredentials: RepositoryCredentials?
        public var cpu: Int?
        public var memory: Int?
        public var memoryReservation: Int?
        public var portMappings: [PortMapping]?
        public var essential: Bool?
        public var entryPoint: [String]?
        public var command: [String]?
        public var environment: [KeyValuePair]?
        public var environmentFiles: [EnvironmentFile]?
        public var secrets: [Secret]?
        public var dependsOn: [ContainerDependency]?
        public var startTimeout: Int?
        public var stopTimeout: Int?
        public var user: String?
        public var workingDirectory: String?
        public var readonlyRootFilesystem: Bool?
        public var dockerLabels: [String: String]?
        public var ulimits: [Ulimit]?
        public var logConfiguration: LogConfiguration?
        public var healthCheck: HealthCheck?

        public init(
            name: String? = nil, image: String? = nil, repositoryCredentials: RepositoryCredentials? = nil,
            cpu: Int? = nil, memory: Int? = nil, memoryReservation: Int? = nil, portMappings: [PortMapping]? = nil,
            essential: Bool? = nil, entryPoint: [String]? = nil, command: [String]? = nil, environment: [KeyValuePair]? = nil,
            environmentFiles: [EnvironmentFile]? = nil, secrets: [Secret]? = nil, dependsOn: [ContainerDependency]? = nil,
            startTimeout: Int? = nil, stopTimeout: Int? = nil, user: String? = nil, workingDirectory: String? = nil,
            readonlyRootFilesystem: Bool? = nil, dockerLabels: [String: String]? = nil, ulimits: [Ulimit]? = nil,
            logConfiguration: LogConfiguration? = nil, healthCheck: HealthCheck? = nil
        ) {
            self.name = name
            self.image = image
            self.repositoryCredentials = repositoryCredentials
            self.cpu = cpu
            self.memory = memory
            self.memoryReservation = memoryReservation
            self.portMappings = portMappings
            self.essential = essential
            self.entryPoint = entryPoint
            self.command = command
            self.environment = environment
            self.environmentFiles = environmentFiles
            self.secrets = secrets
            self.dependsOn = dependsOn
            self.startTimeout = startTimeout
            self.stopTimeout = stopTimeout
            self.user = user
            self.workingDirectory = workingDirectory
            self.readonlyRootFilesystem = readonlyRootFilesystem
            self.dockerLabels = dockerLabels
            self.ulimits = ulimits
            self.logConfiguration = logConfiguration
            self.healthCheck = healthCheck
        }
    }

    public struct RuntimePlatform: Codable, Sendable, Hashable {
        /// `X86_64` or `ARM64`.
        public var cpuArchitecture: String?
        /// `LINUX` or a Windows Server family.
        public var operatingSystemFamily: String?

        public init(cpuArchitecture: String? = nil, operatingSystemFamily: String? = nil) {
            self.cpuArchitecture = cpuArchitecture
            self.operatingSystemFamily = operatingSystemFamily
        }
    }

    public struct EphemeralStorage: Codable, Sendable, Hashable {
        public var sizeInGiB: Int

        public init(sizeInGiB: Int) {
            self.sizeInGiB = sizeInGiB
        }
    }

    public struct TaskDefinition: Codable, Sendable, Hashable {
        public var taskDefinitionArn: String?
        public var containerDefinitions: [ContainerDefinition]?
        public var family: String?
        public var taskRoleArn: String?
        public var executionRoleArn: String?
        public var networkMode: NetworkMode?
        public var revision: Int?
        public var status: TaskDefinitionStatus?
        public var compatibilities: [Compatibility]?
        public var requiresCompatibilities: [Compatibility]?
        public var runtimePlatform: RuntimePlatform?
        /// Fargate cpu units as a string (`"256"`), as the model types it.
        public var cpu: String?
        /// MiB as a string (`"512"`).
        public var memory: String?
        public var ephemeralStorage: EphemeralStorage?
        public var registeredAt: Date?
        public var deregisteredAt: Date?
        public var registeredBy: String?

        /// A request that registers a new revision of this task definition, with the changes
        /// `modify` makes (the deployer's "same revision, new image").
        public func registrationRequest(tags: [Tag]? = nil, _ modify: (inout RegisterTaskDefinitionRequest) -> Void = { _ in }) -> RegisterTaskDefinitionRequest? {
            guard let family, let containerDefinitions else { return nil }
            var request = RegisterTaskDefinitionRequest(
                family: family, taskRoleArn: taskRoleArn, executionRoleArn: executionRoleArn, networkMode: networkMode,
                containerDefinitions: containerDefinitions, requiresCompatibilities: requiresCompatibilities,
                cpu: cpu, memory: memory, tags: tags, runtimePlatform: runtimePlatform, ephemeralStorage: ephemeralStorage)
            modify(&request)
            return request
        }
    }

    // MARK: - Services

    public struct AwsVpcConfiguration: Codable, Sendable, Hashable {
        public var subnets: [String]
        public var securityGroups: [String]?
        public var assignPublicIp: AssignPublicIp?

        public init(subnets: [String], securityGroups: [String]? = nil, assignPublicIp: AssignPublicIp? = nil) {
            self.subnets = subnets
            self.securityGroups = securityGroups
            self.assignPublicIp = assignPublicIp
        }
    }

    public struct NetworkConfiguration: Codable, Sendable, Hashable {
        public var awsvpcConfiguration: AwsVpcConfiguration?

        public init(awsvpcConfiguration: AwsVpcConfiguration? = nil) {
            self.awsvpcConfiguration = awsvpcConfiguration
        }
    }

    /// Stops a rolling deployment whose tasks keep failing, and rolls back when `rollback`.
    public struct DeploymentCircuitBreaker: Codable, Sendable, Hashable {
        public var enable: Bool
        public var rollback: Bool

        public init(enable: Bool, rollback: Bool) {
            self.enable = enable
            self.rollback = rollback
        }
    }

    public struct DeploymentAlarms: Codable, Sendable, Hashable {
        public var alarmNames: [String]
        public var rollback: Bool
        public var enable: Bool

        public init(alarmNames: [String], rollback: Bool, enable: Bool) {
            self.alarmNames = alarmNames
            self.rollback = rollback
            self.enable = enable
        }
    }

    public struct DeploymentConfiguration: Codable, Sendable, Hashable {
        public var deploymentCircuitBreaker: DeploymentCircuitBreaker?
        public var maximumPercent: Int?
        public var minimumHealthyPercent: Int?
        public var alarms: DeploymentAlarms?

        public init(deploymentCircuitBreaker: DeploymentCircuitBreaker? = nil, maximumPercent: Int? = nil, minimumHealthyPercent: Int? = nil, alarms: DeploymentAlarms? = nil) {
            self.deploymentCircuitBreaker = deploymentCircuitBreaker
            self.maximumPercent = maximumPercent
            self.minimumHealthyPercent = minimumHealthyPercent
            self.alarms = alarms
        }
    }

    public struct DeploymentController: Codable, Sendable, Hashable {
        public var type: DeploymentControllerType

        public init(type: DeploymentControllerType) {
            self.type = type
        }
    }

    /// One rollout of a service: the deployer watches the `PRIMARY` one until its
    /// `rolloutState` is `COMPLETED` or `FAILED`.
    public struct Deployment: Codable, Sendable, Hashable {
        public var id: String?
        public var status: DeploymentStatus?
        public var taskDefinition: String?
        public var desiredCount: Int?
        public var pendingCount: Int?
        public var runningCount: Int?
        public var failedTasks: Int?
        public var createdAt: Date?
        public var updatedAt: Date?
        public var launchType: LaunchType?
        public var platformVersion: String?
        public var networkConfiguration: NetworkConfiguration?
        public var rolloutState: DeploymentRolloutState?
        public var rolloutStateReason: String?

        public init(
            id: String? = nil, status: DeploymentStatus? = nil, taskDefinition: String? = nil, desiredCount: Int? = nil,
            pendingCount: Int? = nil, runningCount: Int? = nil, failedTasks: Int? = nil, createdAt: Date? = nil,
            updatedAt: Date? = nil, launchType: LaunchType? = nil, platformVersion: String? = nil,
            networkConfiguration: NetworkConfiguration? = nil, rolloutState: DeploymentRolloutState? = nil,
            rolloutStateReason: String? = nil
        ) {
            self.id = id
            self.status = status
            self.taskDefinition = taskDefinition
            self.desiredCount = desiredCount
            self.pendingCount = pendingCount
            self.runningCount = runningCount
            self.failedTasks = failedTasks
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.launchType = launchType
            self.platformVersion = platformVersion
            self.networkConfiguration = networkConfiguration
            self.rolloutState = rolloutState
            self.rolloutStateReason = rolloutStateReason
        }
    }

    public struct ServiceEvent: Codable, Sendable, Hashable {
        public var id: String?
        public var createdAt: Date?
        public var message: String?

        public init(id: String? = nil, createdAt: Date? = nil, message: String? = nil) {
            self.id = id
            self.createdAt = createdAt
            self.message = message
        }
    }

    public struct Service: Codable, Sendable, Hashable {
        public var serviceArn: String?
        public var serviceName: String?
        public var clusterArn: String?
        /// `ACTIVE`, `DRAINING` (being deleted) or `INACTIVE` (deleted).
        public var status: String?
        public var desiredCount: Int?
        public var runningCount: Int?
        public var pendingCount: Int?
        public var launchType: LaunchType?
        public var platformVersion: String?
        public var platformFamily: String?
        public var taskDefinition: String?
        public var deploymentConfiguration: DeploymentConfiguration?
        public var deployments: [Deployment]?
        public var roleArn: String?
        public var events: [ServiceEvent]?
        public var createdAt: Date?
        public var networkConfiguration: NetworkConfiguration?
        public var healthCheckGracePeriodSeconds: Int?
        public var schedulingStrategy: SchedulingStrategy?
        public var deploymentController: DeploymentController?
        public var tags: [Tag]?
        public var createdBy: String?
        public var enableECSManagedTags: Bool?
        public var propagateTags: PropagateTags?
        public var enableExecuteCommand: Bool?

        public init(
            serviceArn: String? = nil, serviceName: String? = nil, clusterArn: String? = nil, status: String? = nil,
            desiredCount: Int? = nil, runningCount: Int? = nil, pendingCount: Int? = nil, launchType: LaunchType? = nil,
            platformVersion: String? = nil, platformFamily: String? = nil, taskDefinition: String? = nil,
            deploymentConfiguration: DeploymentConfiguration? = nil, deployments: [Deployment]? = nil, roleArn: String? = nil,
            events: [ServiceEvent]? = nil, createdAt: Date? = nil, networkConfiguration: NetworkConfiguration? = nil,
            healthCheckGracePeriodSeconds: Int? = nil, schedulingStrategy: SchedulingStrategy? = nil,
            deploymentController: DeploymentController? = nil, tags: [Tag]? = nil, createdBy: String? = nil,
            enableECSManagedTags: Bool? = nil, propagateTags: PropagateTags? = nil, enableExecuteCommand: Bool? = nil
        ) {
            self.serviceArn = serviceArn
            self.serviceName = serviceName
            self.clusterArn = clusterArn
            self.status = status
            self.desiredCount = desiredCount
            self.runningCount = runningCount
            self.pendingCount = pendingCount
            self.launchType = launchType
            self.platformVersion = platformVersion
            self.platformFamily = platformFamily
            self.taskDefinition = taskDefinition
            self.deploymentConfiguration = deploymentConfiguration
            self.deployments = deployments
            self.roleArn = roleArn
            self.events = events
            self.createdAt = createdAt
            self.networkConfiguration = networkConfiguration
            self.healthCheckGracePeriodSeconds = healthCheckGracePeriodSeconds
            self.schedulingStrategy = schedulingStrategy
            self.deploymentController = deploymentController
            self.tags = tags
            self.createdBy = createdBy
            self.enableECSManagedTags = enableECSManagedTags
            self.propagateTags = propagateTags
            self.enableExecuteCommand = enableExecuteCommand
        }

        /// The deployment being rolled out (there is exactly one `PRIMARY` in AWS).
        public var primaryDeployment: Deployment? {
            deployments?.first { $0.status == .primary }
        }
    }

    // MARK: - Tasks

    public struct Container: Codable, Sendable, Hashable {
        public var containerArn: String?
        public var taskArn: String?
        public var name: String?
        public var image: String?
        public var imageDigest: String?
        public var runtimeId: String?
        public var lastStatus: String?
        public var exitCode: Int?
        public var reason: String?
        /// `HEALTHY`, `UNHEALTHY` or `UNKNOWN`.
        public var healthStatus: String?
    }

    /// A running (or stopped) copy of a task definition. Inside `ECS` this name hides Swift's
    /// `Task`; code in this type that needs the concurrency one spells it `_Concurrency.Task`.
    public struct Task: Codable, Sendable, Hashable {
        public var taskArn: String?
        public var clusterArn: String?
        public var taskDefinitionArn: String?
        public var group: String?
        public var startedBy: String?
        /// `PROVISIONING`, `PENDING`, `ACTIVATING`, `RUNNING`, `DEACTIVATING`, `STOPPING`, `DEPROVISIONING`, `STOPPED`.
        public var lastStatus: String?
        public var desiredStatus: String?
        public var healthStatus: String?
        public var launchType: LaunchType?
        public var platformVersion: String?
        public var cpu: String?
        public var memory: String?
        public var availabilityZone: String?
        public var containers: [Container]?
        public var createdAt: Date?
        public var startedAt: Date?
        public var stoppingAt: Date?
        public var stoppedAt: Date?
        /// `TaskFailedToStart`, `EssentialContainerExited`, `UserInitiated`, `ServiceSchedulerInitiated`, ….
        public var stopCode: String?
        public var stoppedReason: String?
        public var tags: [Tag]?
        public var version: Int?
    }
}
