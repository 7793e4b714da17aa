import AWSCore
import AWSServices
import Foundation
import SlipwayConfig

/// `slipway run`: one task from a service's revision, on the service's network, with its roles,
/// variables and secrets, and the command given; its output read from the service's log stream
/// for that task while it runs (like Copilot's `task run`, ecspresso's `run`, `heroku run`).
public struct OneOffTask: Sendable {
    public let client: AWSClient
    public let service: ResolvedService
    public let cluster: String
    public var waiter: Waiter

    public init(client: AWSClient, service: ResolvedService, cluster: String,
                waiter: Waiter = Waiter(interval: .seconds(2), timeout: .seconds(86_400))) {
        self.client = client
        self.service = service
        self.cluster = cluster
        self.waiter = waiter
    }

    /// A task started: its ARN, its revision and where its output goes.
    public struct Started: Sendable, Codable, Equatable {
        public var task: String
        public var taskDefinition: String
        public var logGroup: String?
        public var logStream: String?
        public var id: String { String(task.split(separator: "/").last ?? Substring(task)) }
    }

    /// How it ended: the container's exit code (none when it never ran) and ECS's reason.
    public struct Ended: Sendable, Codable, Equatable {
        public var task: String
        public var exitCode: Int?
        public var stoppedReason: String?
        public var logStream: String?
    }

    public struct Size: Sendable {
        public var cpu: Int
        public var memory: Int
        public init(cpu: Int, memory: Int) {
            self.cpu = cpu
            self.memory = memory
        }
    }

    /// Starts the task: the service's running revision (or `revision` of its family), its network
    /// configuration and launch type, `command` for the service's container, `size` for the task.
    public func start(_ command: [String], revision: Int? = nil, size: Size? = nil) async throws -> Started {
        let ecs = ECS(client: client)
        let name = service.names.ecsService
        let described = try await ecs.describeServices(.init(cluster: cluster, services: [name]))
        guard let running = described.services?.first(where: { $0.serviceName == name && $0.status != "INACTIVE" }),
              let current = running.taskDefinition else {
            throw OperationError.ecsServiceMissing(name, cluster: cluster)
        }
        let chosen = revision.map { "\(service.names.taskFamily):\($0)" } ?? current
        let definition = try await describeRevision(chosen, ecs: ecs)
        let arn = definition.taskDefinitionArn ?? chosen
        let container = definition.containerDefinitions?.first { $0.name == service.names.containerName } ?? definition.containerDefinitions?.first
        let containerName = container?.name ?? service.names.containerName
        let account = arn.split(separator: ":", omittingEmptySubsequences: false).dropFirst(4).first.map(String.init) ?? ""
        if let image = container?.image, PushedImages(client: client, account: account).isPlaceholder(image) {
            throw OperationError.neverBuiltRevision(revision: TaskDefinitionName.short(arn), image: image,
                                                    release: "slipway release \(service.name) --env \(service.environment)")
        }
        let tags = service.names.tags.sorted { $0.key < $1.key }.map { ECS.Tag(key: $0.key, value: $0.value) }
        let request = ECS.RunTaskRequest(
            capacityProviderStrategy: running.capacityProviderStrategy?.isEmpty == false ? running.capacityProviderStrategy : nil,
            cluster: cluster, count: 1,
            launchType: running.capacityProviderStrategy?.isEmpty == false ? nil : (running.launchType ?? .fargate),
            networkConfiguration: running.networkConfiguration,
            overrides: .init(containerOverrides: [.init(name: containerName, command: command)],
                             cpu: size.map { String($0.cpu) }, memory: size.map { String($0.memory) }),
            startedBy: "slipway-run", tags: tags, taskDefinition: arn)
        let reply = try await ecs.runTask(request)
        guard let task = reply.tasks?.first?.taskArn else {
            let failure = reply.failures?.first
            throw OperationError.taskNotStarted(revision: TaskDefinitionName.short(arn),
                                                reason: [failure?.reason, failure?.detail].compactMap { $0 }.joined(separator: ": "))
        }
        let options = container?.logConfiguration?.options
        let id = String(task.split(separator: "/").last ?? Substring(task))
        let stream = options?["awslogs-stream-prefix"].map { "\($0)/\(containerName)/\(id)" }
        return Started(task: task, taskDefinition: arn, logGroup: options?["awslogs-group"], logStream: stream)
    }

    private func describeRevision(_ name: String, ecs: ECS) async throws -> ECS.TaskDefinition {
        do {
            if let definition = try await ecs.describeTaskDefinition(.init(taskDefinition: name)).taskDefinition { return definition }
        } catch let error as AWSError where error.code == "ClientException" {}
        let active = try await ecs.listAllTaskDefinitions(.init(familyPrefix: service.names.taskFamily, status: .active, sort: .desc))
        throw OperationError.revisionNotFound(family: service.names.taskFamily, revision: TaskDefinitionName.revision(name) ?? 0,
                                              available: active.compactMap(TaskDefinitionName.revision).sorted())
    }

    /// Follows the task until it stops, handing each batch of its output to `onLines` as it comes.
    public func follow(_ started: Started, onLines: @Sendable ([LogLine]) -> Void) async throws -> Ended {
        let ecs = ECS(client: client)
        var token: String?
        var stopped: ECS.Task?
        _ = try await waiter.until {
            let task = try await ecs.describeTasks(.init(cluster: cluster, tasks: [started.task])).tasks?.first
            // Read after the state: a task seen STOPPED has written all it will.
            token = try await readOutput(started, after: token, onLines: onLines)
            if task?.lastStatus == "STOPPED" { stopped = task }
            return stopped != nil
        }
        let container = stopped?.containers?.first { $0.name == service.names.containerName } ?? stopped?.containers?.first
        return Ended(task: started.task, exitCode: container?.exitCode, stoppedReason: stopped?.stoppedReason ?? container?.reason,
                     logStream: started.logStream)
    }

    /// Asks ECS to stop the task (SIGTERM, then SIGKILL after the container's stop timeout).
    public func stop(_ started: Started, reason: String) async throws {
        _ = try await ECS(client: client).stopTask(.init(cluster: cluster, task: started.task, reason: reason))
    }

    /// What the task's stream holds after `token`, page by page; the token to read on from.
    private func readOutput(_ started: Started, after start: String?, onLines: @Sendable ([LogLine]) -> Void) async throws -> String? {
        guard let group = started.logGroup, let stream = started.logStream else { return nil }
        let logs = CloudWatchLogs(client: client)
        var token = start
        while true {
            let page: CloudWatchLogs.GetLogEventsResponse
            do {
                page = try await logs.getLogEvents(.init(logGroupName: group, logStreamName: stream, nextToken: token, startFromHead: true))
            } catch let error as AWSError where error.is(CloudWatchLogs.ErrorCode.resourceNotFound) {
                return token  // the stream appears when the container first writes
            }
            let lines = (page.events ?? []).map { LogLine(timestamp: LogReader.date($0.timestamp), message: LogReader.trimmed($0.message ?? ""), stream: stream) }
            if !lines.isEmpty { onLines(lines) }
            guard let next = page.nextForwardToken, next != token, !(page.events ?? []).isEmpty else { return page.nextForwardToken ?? token }
            token = next
        }
    }
}
