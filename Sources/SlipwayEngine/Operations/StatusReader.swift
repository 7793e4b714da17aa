import AWSCore
import AWSServices
import Foundation
import SlipwayConfig

/// Reads the state of every pipeline and ECS service of the app (or of one environment or
/// service): pipelines concurrently (one GetPipelineState each where it tells all), ECS services
/// ten to a call, the GitHub connection once.
public struct StatusReader: Sendable {
    public let context: EngineContext
    public let file: SlipwayFile
    public var parallelism: Int
    /// Whether each pipeline's latest run comes from ListPipelineExecutions, with what started it and
    /// its exact start and update times (`status --output json`); otherwise GetPipelineState tells it
    /// where it can (see `StatusReader+Pipelines`).
    public var listsExecutions: Bool
    public var now: @Sendable () -> Date

    public init(context: EngineContext, file: SlipwayFile, parallelism: Int = 16, listsExecutions: Bool = false,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.context = context
        self.file = file
        self.parallelism = max(1, parallelism)
        self.listsExecutions = listsExecutions
        self.now = now
    }

    public func read(environment: String? = nil, service: String? = nil) async throws -> AppStatus {
        try file.checkEnvironment(environment)
        try file.checkService(service)
        let targets = file.environments
            .filter { environment == nil || $0.name.value == environment }
            .flatMap { file.services(in: $0.name.value) }
            .filter { service == nil || $0.name == service }

        async let connection = readConnection()
        async let ecsStates = readECSServices(targets)
        async let webStates = readWeb(targets)
        let environmentNames = file.environments.map(\.name.value).filter { environment == nil || $0 == environment }
        async let notificationStates = BoundedConcurrency.map(service == nil ? environmentNames : [], width: parallelism) { name in
            (name, try await readNotifications(environment: name))
        }
        let definitions = PipelineDefinitions(reader: self)
        let pipelines = try await BoundedConcurrency.map(targets, width: parallelism) { target in
            try await readPipeline(target.names.pipeline, definitions: definitions)
        }
        let services = try await withImages(try await ecsStates, targets: targets)
        let web = try await webStates
        var byEnvironment: [String: [ServiceStatus]] = [:]
        for (target, pipeline) in zip(targets, pipelines) {
            let ecs = services[target.names.ecsService]
                ?? ECSServiceState(name: target.names.ecsService, cluster: file.cluster.name.value, exists: false, deployments: [])
            let webStatus = web[target.names.ecsService]
            let problems = Self.problems(pipeline: pipeline, ecs: ecs) + (webStatus?.problems ?? [])
            let settling = Self.settling(ecs: ecs, pipeline: pipeline, problems: problems, release: "slipway release \(target.name) --env \(target.environment)")
            byEnvironment[target.environment, default: []].append(ServiceStatus(
                service: target.name, environment: target.environment, pipeline: pipeline, ecs: ecs, web: webStatus, problems: problems,
                settling: settling + (webStatus?.settling ?? [])))
        }
        let notifications = Dictionary(try await notificationStates.map { ($0.0, $0.1) }, uniquingKeysWith: { $1 })
        let environments = file.environments.compactMap { environment in
            byEnvironment[environment.name.value].map {
                EnvironmentStatus(name: environment.name.value, services: $0, notifications: notifications[environment.name.value] ?? nil)
            }
        }
        return AppStatus(app: file.app.value, account: context.account, region: context.region, readAt: now(),
                         connection: try await connection, environments: environments)
    }

    // MARK: - ECS

    func readECSServices(_ targets: [ResolvedService]) async throws -> [String: ECSServiceState] {
        let cluster = file.cluster.name.value
        let names = targets.map(\.names.ecsService)
        guard !names.isEmpty else { return [:] }
        let reply: ECS.DescribeServicesResponse
        do {
            reply = try await ECS(client: context.client).describeAllServices(cluster: cluster, services: names)
        } catch let error as AWSError where error.is(ECS.ErrorCode.clusterNotFound) {
            return [:]
        }
        var states: [String: ECSServiceState] = [:]
        for service in reply.services ?? [] where service.status != "INACTIVE" {
            guard let name = service.serviceName else { continue }
            states[name] = Self.state(service, cluster: cluster)
        }
        return states
    }

    static func state(_ service: ECS.Service, cluster: String) -> ECSServiceState {
        let primary = service.primaryDeployment
        let taskDefinition = service.taskDefinition ?? primary?.taskDefinition
        let newestEvent = (service.events ?? []).max { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }
        return ECSServiceState(
            name: service.serviceName ?? "?", cluster: cluster, exists: true, status: service.status,
            desiredCount: service.desiredCount, runningCount: service.runningCount, pendingCount: service.pendingCount,
            taskDefinition: taskDefinition.map(TaskDefinitionName.short), revision: taskDefinition.flatMap(TaskDefinitionName.revision),
            rolloutState: primary?.rolloutState, rolloutStateReason: primary?.rolloutStateReason,
            deployments: (service.deployments ?? []).map { deployment in
                DeploymentState(
                    id: deployment.id ?? "?", status: deployment.deploymentStatus ?? "?",
                    taskDefinition: deployment.taskDefinition.map(TaskDefinitionName.short) ?? "?",
                    desiredCount: deployment.desiredCount ?? 0, runningCount: deployment.runningCount ?? 0,
                    pendingCount: deployment.pendingCount ?? 0, failedTasks: deployment.failedTasks ?? 0,
                    rolloutState: deployment.rolloutState, rolloutStateReason: deployment.rolloutStateReason,
                    createdAt: deployment.createdAt, updatedAt: deployment.updatedAt)
            },
            lastEvent: newestEvent?.message)
    }

    /// The states with the image each service runs and whether a build deployed it: one
    /// DescribeTaskDefinition per service, one ListImages per ECR repository. What cannot be
    /// read is left unknown rather than failing the whole status.
    func withImages(_ states: [String: ECSServiceState], targets: [ResolvedService]) async throws -> [String: ECSServiceState] {
        let running = targets.compactMap { target in
            states[target.names.ecsService].flatMap { state in state.taskDefinition.map { (target, $0) } }
        }
        let ecs = ECS(client: context.client)
        let images = try await BoundedConcurrency.map(running, width: parallelism) { target, taskDefinition -> (String, String?) in
            let definition = try? await ecs.describeTaskDefinition(.init(taskDefinition: taskDefinition)).taskDefinition
            let containers = definition?.containerDefinitions ?? []
            return (target.names.ecsService, (containers.first { $0.name == target.names.containerName } ?? containers.first)?.image)
        }
        let pushed = PushedImages(client: context.client, account: context.account)
        let missing = try? await pushed.missing(images.compactMap(\.1))
        var result = states
        for (name, image) in images {
            guard let image else { continue }
            let placeholder = pushed.isPlaceholder(image)
            result[name]?.image = image
            result[name]?.neverBuilt = placeholder
            result[name]?.imagePushed = placeholder ? false : missing.map { !$0.contains(image) }
        }
        return result
    }

    // MARK: - The connection

    func readConnection() async throws -> ConnectionState? {
        guard case .connection(let arn) = file.source.credential else { return nil }
        let connection: CodeConnections.Connection?
        do {
            connection = try await CodeConnections(client: context.client).getConnection(.init(ConnectionArn: arn.value)).Connection
        } catch let error as AWSError where error.is(CodeConnections.ErrorCode.resourceNotFound) {
            return ConnectionState(
                arn: arn.value, name: nil, status: .notFound,
                problem: "the GitHub connection \(arn.value) does not exist in account \(context.account); create one in the console "
                    + "(Developer Tools > Settings > Connections), finish its GitHub handshake, and put its ARN in source.connection")
        }
        let status = connection?.ConnectionStatus ?? CodeConnections.ConnectionStatus(rawValue: "UNKNOWN")
        let name = connection?.ConnectionName
        let label = name.map { "'\($0)'" } ?? arn.value
        let problem: String? = switch connection?.ConnectionStatus {
        case .pending?:
            "the GitHub connection \(label) is PENDING: a connection made by the API or CloudFormation waits for its GitHub handshake. "
                + "Open the console (Developer Tools > Settings > Connections), choose \(label), then 'Update pending connection', "
                + "and install or choose the GitHub app; until then every Source stage fails"
        case .error?:
            "the GitHub connection \(label) is in ERROR (the GitHub app was removed or lost access); update it in the console "
                + "(Developer Tools > Settings > Connections), or make a new one and put its ARN in source.connection"
        default:
            nil
        }
        return ConnectionState(arn: arn.value, name: name, status: status, problem: problem)
    }

    // MARK: - Problems and what is settling

    /// What is under way rather than wrong: a service whose image no build has pushed yet, and a
    /// rollout that has not finished (unless a problem already says why).
    static func settling(ecs: ECSServiceState, pipeline: PipelineStatus, problems: [String], release: String) -> [String] {
        guard ecs.exists, ecs.status == nil || ecs.status == "ACTIVE" else { return [] }
        var settling: [String] = []
        if ecs.neverBuilt == true, let image = ecs.image {
            let running = pipeline.latestExecution?.status == .inProgress
            settling.append("never built: \(ecs.taskDefinition ?? "its task definition") names \(image), the placeholder 'apply' "
                + "registers before the first build; " + (running ? "the pipeline's run under way builds and deploys the service"
                    : "its pipeline's first run builds and deploys the service ('\(release)')"))
        }
        let rollingOut = ecs.rolloutState == .inProgress || (ecs.rolloutState == nil && (ecs.runningCount ?? 0) < (ecs.desiredCount ?? 0))
        if rollingOut, problems.isEmpty, ecs.neverBuilt != true {
            settling.append("rolling out \(ecs.taskDefinition ?? "?"): \(ecs.runningCount ?? 0) of \(ecs.desiredCount ?? 0) tasks running")
        }
        return settling
    }

    static func problems(pipeline: PipelineStatus, ecs: ECSServiceState) -> [String] {
        var problems: [String] = []
        if !pipeline.exists {
            problems.append("the pipeline \(pipeline.name) does not exist; run 'slipway apply'")
        } else if let latest = pipeline.latestExecution, [.failed, .stopped, .cancelled].contains(latest.status) {
            let failed = pipeline.stages.filter { $0.executionId == latest.id && $0.status == .failed }
            let reasons = failed.flatMap { stage in
                stage.actions.filter { $0.status == .failed }.map { action in
                    "\(stage.name) failed: \(action.errorMessage ?? action.summary ?? "no reason given")"
                }
            }
            if reasons.isEmpty {
                problems.append("the latest run (\(latest.id.prefix(8))) is \(latest.status.rawValue)")
            } else {
                problems += reasons
            }
        }
        if !ecs.exists {
            problems.append("the ECS service \(ecs.name) does not exist in cluster \(ecs.cluster); run 'slipway apply'")
        } else if let status = ecs.status, status != "ACTIVE" {
            problems.append("the ECS service \(ecs.name) is \(status)")
        } else if ecs.rolloutState == .failed {
            var text = "the ECS rollout of \(ecs.taskDefinition ?? "?") failed"
            if let reason = ecs.rolloutStateReason, !reason.isEmpty { text += ": \(reason)" }
            problems.append(text)
        } else if ecs.rolloutState == .completed, let desired = ecs.desiredCount, let running = ecs.runningCount, running < desired {
            var text = "only \(running) of \(desired) tasks are running"
            if let event = ecs.lastEvent { text += " (last ECS event: \(event))" }
            problems.append(text)
        }
        if ecs.exists, ecs.neverBuilt == false, ecs.imagePushed == false, let image = ecs.image {
            problems.append("\(ecs.taskDefinition ?? "its task definition") runs \(image), which is no longer in ECR (a lifecycle "
                + "policy or a person removed it): ECS cannot start new tasks from it; release the service again")
        }
        // A rollout the circuit breaker rolled back, unless the pipeline's failure already says so.
        if let failed = ecs.deployments.first(where: { $0.status != .primary && $0.rolloutState == .failed }),
           !problems.contains(where: { $0.contains(failed.taskDefinition) }) {
            var text = "ECS rolled the service back from \(failed.taskDefinition) to \(ecs.taskDefinition ?? "?")"
            if let reason = failed.rolloutStateReason, !reason.isEmpty { text += ": \(reason)" }
            problems.append(text)
        }
        return problems
    }
}
