import AWSCore
import AWSServices
import Foundation
import SlipwayConfig

/// What a rollback will change: the service's task definition from the one it runs to an
/// older revision, with the differences between the two.
public struct RollbackPlan: Sendable, Encodable, Equatable {
    public var cluster: String
    public var service: String
    public var family: String
    /// The task definition ARN the service runs now.
    public var current: String
    /// The ARN it goes back to.
    public var target: String
    /// The fields of the task definition that differ, as the plan names and shows them (secrets
    /// by name only, never their values).
    public var changes: [FieldChange]

    enum CodingKeys: String, CodingKey { case cluster, service, family, current, target, changes }

    /// A change as `{name, old, new}`, each value as the plan's text shows it.
    struct EncodedChange: Encodable {
        let name: String
        let old: String
        let new: String
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cluster, forKey: .cluster)
        try container.encode(service, forKey: .service)
        try container.encode(family, forKey: .family)
        try container.encode(current, forKey: .current)
        try container.encode(target, forKey: .target)
        try container.encode(changes.map { EncodedChange(name: $0.name, old: $0.oldDisplay, new: $0.newDisplay) }, forKey: .changes)
    }

    public var currentName: String { TaskDefinitionName.short(current) }
    public var targetName: String { TaskDefinitionName.short(target) }
    /// The service already runs the target.
    public var isNoChange: Bool { current == target }
}

/// How a rollout that `rollback` started ended.
public struct RolloutResult: Sendable, Codable, Equatable {
    public var service: String
    public var deploymentId: String
    public var taskDefinition: String
    /// `COMPLETED`, `FAILED`, or `IN_PROGRESS` when waiting gave up.
    public var rolloutState: ECS.DeploymentRolloutState
    public var reason: String?
    public var runningCount: Int
    public var desiredCount: Int

    public var succeeded: Bool { rolloutState == .completed }
}

/// Points a service back to an earlier task definition revision and follows ECS's rollout.
public struct Rollback: Sendable {
    public let client: AWSClient
    public let service: ResolvedService
    public let cluster: String
    public var waiter: Waiter

    public init(client: AWSClient, service: ResolvedService, cluster: String,
                waiter: Waiter = Waiter(interval: .seconds(5), timeout: .seconds(3600))) {
        self.client = client
        self.service = service
        self.cluster = cluster
        self.waiter = waiter
    }

    var family: String { service.names.taskFamily }
    var serviceName: String { service.names.ecsService }

    /// The plan to go back to `revision`, or to the newest active revision older than the one running.
    public func plan(to revision: Int? = nil) async throws -> RollbackPlan {
        let ecs = ECS(client: client)
        let running = try await describe()
        guard let current = running.taskDefinition else { throw OperationError.ecsServiceMissing(serviceName, cluster: cluster) }
        let currentARN = try await ecs.describeTaskDefinition(.init(taskDefinition: current)).taskDefinition?.taskDefinitionArn ?? current
        let active = try await ecs.listAllTaskDefinitions(.init(familyPrefix: family, status: .active, sort: .desc))
        let revisions = active.compactMap { arn in TaskDefinitionName.revision(arn).map { (revision: $0, arn: arn) } }
        let targetARN: String
        if let revision {
            guard let found = revisions.first(where: { $0.revision == revision }) else {
                throw OperationError.revisionNotFound(family: family, revision: revision, available: revisions.map(\.revision).sorted())
            }
            targetARN = found.arn
        } else {
            let currentRevision = TaskDefinitionName.revision(currentARN) ?? Int.max
            guard let previous = revisions.filter({ $0.revision < currentRevision }).max(by: { $0.revision < $1.revision }) else {
                throw OperationError.noPreviousRevision(family: family, current: TaskDefinitionName.short(currentARN))
            }
            targetARN = previous.arn
        }
        async let old = ecs.describeTaskDefinition(.init(taskDefinition: currentARN)).taskDefinition
        async let new = ecs.describeTaskDefinition(.init(taskDefinition: targetARN)).taskDefinition
        let target = try await new
        try await refuseUnpushedImage(of: target, arn: targetARN)
        return RollbackPlan(
            cluster: cluster, service: serviceName, family: family, current: currentARN, target: targetARN,
            changes: Self.differences(try await old, target, container: service.names.containerName))
    }

    /// Going back means going to an image a build deployed: not to the placeholder of the first
    /// revision (whose tag names whatever was pushed last, or nothing), nor to a digest ECR no
    /// longer holds (its tasks could not start).
    private func refuseUnpushedImage(of definition: ECS.TaskDefinition?, arn: String) async throws {
        guard let image = Self.mainContainer(definition, container: service.names.containerName)?.image else { return }
        let account = arn.split(separator: ":", omittingEmptySubsequences: false).dropFirst(4).first.map(String.init) ?? ""
        let pushed = PushedImages(client: client, account: account)
        let revision = TaskDefinitionName.short(arn)
        if pushed.isPlaceholder(image) {
            throw OperationError.placeholderRevision(revision: revision, image: image,
                                                     release: "slipway release \(service.name) --env \(service.environment)")
        }
        if try await pushed.missing([image]).contains(image) {
            throw OperationError.imageNoLongerInECR(revision: revision, image: image)
        }
    }

    /// Sends the service update; the id of the deployment ECS started for it.
    public func apply(_ plan: RollbackPlan) async throws -> String {
        let reply = try await ECS(client: client).updateService(.init(cluster: cluster, service: serviceName, taskDefinition: plan.target))
        let primary = reply.service?.primaryDeployment
        return primary?.id ?? ""
    }

    /// Follows the service until the deployment for `plan.target` completes or fails, reporting
    /// each change of its counts or state.
    public func waitForRollout(_ plan: RollbackPlan, deploymentId: String,
                               onProgress: @Sendable (RolloutResult) -> Void = { _ in }) async throws -> RolloutResult {
        var last: RolloutResult?
        _ = try await waiter.until {
            let service = try await describe()
            let deployments = service.deployments ?? []
            let deployment = deployments.first { $0.id == deploymentId && !deploymentId.isEmpty }
                ?? deployments.first { $0.deploymentStatus == .primary && $0.taskDefinition == plan.target }
            var result = RolloutResult(
                service: serviceName, deploymentId: deployment?.id ?? deploymentId, taskDefinition: plan.target,
                rolloutState: deployment?.rolloutState ?? .inProgress, reason: deployment?.rolloutStateReason,
                runningCount: deployment?.runningCount ?? 0, desiredCount: deployment?.desiredCount ?? service.desiredCount ?? 0)
            if deployment == nil {
                // The deployment is gone: ECS replaced it (another update) or its circuit breaker rolled it back.
                result.rolloutState = .failed
                let primary = service.primaryDeployment
                result.reason = "the deployment is no longer listed; the service now deploys \(primary?.taskDefinition.map(TaskDefinitionName.short) ?? "?")"
            }
            if result != last {
                onProgress(result)
                last = result
            }
            return result.rolloutState != .inProgress
        }
        guard let last else { throw OperationError.ecsServiceMissing(serviceName, cluster: cluster) }
        return last
    }

    private func describe() async throws -> ECS.Service {
        let reply: ECS.DescribeServicesResponse
        do {
            reply = try await ECS(client: client).describeServices(.init(cluster: cluster, services: [serviceName]))
        } catch let error as AWSError where error.is(ECS.ErrorCode.clusterNotFound) {
            throw OperationError.ecsServiceMissing(serviceName, cluster: cluster)
        }
        guard let found = reply.services?.first(where: { $0.serviceName == serviceName && $0.status == "ACTIVE" }) else {
            throw OperationError.ecsServiceMissing(serviceName, cluster: cluster)
        }
        return found
    }

    static let taskDefinitionField = FieldID("task definition")
    static let imageField = FieldID("image")

    /// The differences a user cares about, as the plan's fields of a task definition: the
    /// revision, image, size, ports, variables, secrets (by name) and task role.
    static func differences(_ old: ECS.TaskDefinition?, _ new: ECS.TaskDefinition?, container: String) -> [FieldChange] {
        FieldChange.diff(desired: fields(new, container: container), live: fields(old, container: container))
    }

    private static func fields(_ definition: ECS.TaskDefinition?, container: String) -> [Field] {
        let main = mainContainer(definition, container: container)
        typealias Fields = TaskDefinitionResource.Fields
        return [
            Field(taskDefinitionField, definition?.taskDefinitionArn.map(TaskDefinitionName.short)),
            Field(imageField, main?.image),
            Field(Fields.cpu, numberText: definition?.cpu),
            Field(Fields.memory, numberText: definition?.memory),
            Field(Fields.ports, list: (main?.portMappings ?? []).compactMap { $0.containerPort.map(String.init) }),
            Field(Fields.variables, pairs: (main?.environment ?? []).map { ($0.name ?? "", $0.value ?? "") }),
            Field(Fields.secrets, pairs: (main?.secrets ?? []).map { ($0.name ?? "", $0.valueFrom ?? "") }),
            Field(Fields.taskRole, definition?.taskRoleArn),
        ]
    }

    static func mainContainer(_ definition: ECS.TaskDefinition?, container: String) -> ECS.ContainerDefinition? {
        definition?.containerDefinitions?.first { $0.name == container } ?? definition?.containerDefinitions?.first
    }

}
