import AWSServices
import Foundation

/// What `slipway status` reports: for every environment and service, the pipeline's latest run
/// stage by stage and the ECS service's rollout, with what is failing and why.
///
/// This is also the stable `--output json` form: fields are only ever added.
public struct AppStatus: Sendable, Codable, Equatable {
    public var app: String
    public var account: String
    public var region: String
    public var readAt: Date
    /// The GitHub connection (nil for an OAuth source).
    public var connection: ConnectionState?
    public var environments: [EnvironmentStatus]
    /// Every problem of the app, the connection's first, each prefixed with `environment/service: `.
    public var problems: [String]
    /// What is not wrong but not done yet (a rollout under way, a service never built), each
    /// prefixed with `environment/service: `.
    public var settling: [String]
    /// Nothing wrong and nothing settling: every service runs its desired count with its rollout
    /// completed on an image a build pushed, and no pipeline's latest run failed.
    public var healthy: Bool

    public init(app: String, account: String, region: String, readAt: Date, connection: ConnectionState?, environments: [EnvironmentStatus]) {
        self.app = app
        self.account = account
        self.region = region
        self.readAt = readAt
        self.connection = connection
        self.environments = environments
        problems = (connection?.problem.map { [$0] } ?? []) + environments.flatMap { environment in
            environment.services.flatMap { service in service.problems.map { "\(environment.name)/\(service.service): \($0)" } }
                + (environment.notifications?.problems ?? []).map { "\(environment.name)/notifications: \($0)" }
        }
        settling = environments.flatMap { environment in
            environment.services.flatMap { service in service.settling.map { "\(environment.name)/\(service.service): \($0)" } }
                + (environment.notifications?.settling ?? []).map { "\(environment.name)/notifications: \($0)" }
        }
        healthy = problems.isEmpty && settling.isEmpty
    }
}

public struct ConnectionState: Sendable, Codable, Equatable {
    public var arn: String
    public var name: String?
    /// `AVAILABLE`, `PENDING`, `ERROR`, or `NOT_FOUND` (Slipway's: the ARN names no connection).
    public var status: CodeConnections.ConnectionStatus
    /// What is wrong and what to do, when the connection is not usable.
    public var problem: String?
}

public struct EnvironmentStatus: Sendable, Codable, Equatable {
    public var name: String
    public var services: [ServiceStatus]
    /// Where its pipeline events go; nil when it sends none.
    public var notifications: NotificationStatus? = nil
}

public struct ServiceStatus: Sendable, Codable, Equatable {
    public var service: String
    public var environment: String
    public var pipeline: PipelineStatus
    public var ecs: ECSServiceState
    /// A web service's URL and targets; nil for a service without `http` in this environment.
    public var web: WebStatus? = nil
    /// What is failing and why, one sentence each; empty when all is well.
    public var problems: [String]
    /// What is still settling, one sentence each.
    public var settling: [String]
}

public struct PipelineStatus: Sendable, Codable, Equatable {
    public var name: String
    public var exists: Bool
    /// What starts a run, in the plan's words (`push to main touching services/api/**`, `tags v*`, `manual …`).
    public var trigger: String? = nil
    /// `QUEUED`, `SUPERSEDED` or `PARALLEL`; V1 pipelines are `SUPERSEDED`.
    public var executionMode: String? = nil
    public var latestExecution: ExecutionSummary?
    /// In the pipeline's order; each with the state of its latest run.
    public var stages: [StageStatus]
}

public struct ExecutionSummary: Sendable, Codable, Equatable {
    public var id: String
    /// `InProgress`, `Succeeded`, `Failed`, `Stopped`, `Stopping`, `Superseded`, `Cancelled`.
    public var status: CodePipeline.PipelineExecutionStatus
    public var startedAt: Date?
    public var updatedAt: Date?
    /// The full commit id the run built.
    public var commit: String?
    /// The commit's message (first line).
    public var commitMessage: String?
    /// What started the run: `StartPipelineExecution`, `Webhook`, `PollForSourceChanges`, ….
    public var trigger: CodePipeline.TriggerType?
}

public struct StageStatus: Sendable, Codable, Equatable {
    public var name: String
    /// The stage's latest state: `Succeeded`, `Failed`, `InProgress`, `Stopped`, …, or nil when it never ran.
    public var status: CodePipeline.StageExecutionStatus?
    /// The execution that state belongs to (an older one than the latest run when the run has not reached it).
    public var executionId: String?
    public var actions: [ActionStatus]
}

public struct ActionStatus: Sendable, Codable, Equatable {
    public var name: String
    public var status: CodePipeline.ActionExecutionStatus?
    public var summary: String?
    /// Why it failed, as the action reported it.
    public var errorMessage: String?
    public var lastChange: Date?
    /// The CodeBuild build id of a Build action.
    public var externalExecutionId: String?
    public var externalExecutionUrl: String?
    /// A manual approval waiting for an answer.
    public var awaitingApproval: Bool
}

public struct ECSServiceState: Sendable, Codable, Equatable {
    public var name: String
    public var cluster: String
    public var exists: Bool
    public var status: String?
    public var desiredCount: Int?
    public var runningCount: Int?
    public var pendingCount: Int?
    /// `family:revision` the service runs.
    public var taskDefinition: String?
    public var revision: Int?
    /// The primary deployment's rollout: `IN_PROGRESS`, `COMPLETED` or `FAILED`.
    public var rolloutState: ECS.DeploymentRolloutState?
    public var rolloutStateReason: String?
    public var deployments: [DeploymentState]
    /// The newest service event, which usually says why tasks do not start.
    public var lastEvent: String?
    /// The image of the service's container in the revision it runs.
    public var image: String?
    /// True when that image is the placeholder `apply` registers before the first build (the
    /// service's repository by tag, where the deployer always deploys by digest).
    public var neverBuilt: Bool?
    /// False when the image is the placeholder or a digest its ECR repository no longer holds;
    /// nil when it could not be checked.
    public var imagePushed: Bool?
}

public struct DeploymentState: Sendable, Codable, Equatable {
    public var id: String
    /// `PRIMARY` (being rolled out) or `ACTIVE` (draining).
    public var status: ECS.DeploymentStatus
    public var taskDefinition: String
    public var desiredCount: Int
    public var runningCount: Int
    public var pendingCount: Int
    public var failedTasks: Int
    public var rolloutState: ECS.DeploymentRolloutState?
    public var rolloutStateReason: String?
    public var createdAt: Date?
    public var updatedAt: Date?
}

extension CodeConnections.ConnectionStatus {
    /// Slipway's own word, not AWS's: the ARN in `source.connection` names no connection.
    public static let notFound = Self(rawValue: "NOT_FOUND")
}
