import AWSCore
import AWSServices

/// The Fargate service of one service in one environment, with awsvpc networking from
/// `cluster` and the deployment circuit breaker (with rollback) on.
struct ECSServiceResource: ManagedResource {
    let name: String
    let cluster: String
    let family: String
    let count: Int
    let subnets: [String]
    let securityGroups: [String]
    let assignPublicIP: Bool
    let tags: SlipwayTags
    let dependencies: [ResourceAddress]

    var address: ResourceAddress { ResourceAddress(.ecsService, name) }

    enum Fields {
        static let cluster = FieldID("cluster", forcesReplacement: true)
        static let launchType = FieldID("launch type", forcesReplacement: true)
        static let taskFamily = FieldID("task family")
        static let desiredCount = FieldID("desired count")
        static let subnets = FieldID("subnets")
        static let securityGroups = FieldID("security groups")
        static let publicIP = FieldID("public IP")
        static let circuitBreaker = FieldID("circuit breaker")
    }

    var desired: [Field] {
        [
            Field(Fields.cluster, cluster),
            Field(Fields.launchType, "FARGATE"),
            Field(Fields.taskFamily, family),
            Field(Fields.desiredCount, String(count)),
            Field(Fields.subnets, list: subnets.sorted()),
            Field(Fields.securityGroups, list: securityGroups.sorted()),
            Field(Fields.publicIP, assignPublicIP ? "ENABLED" : "DISABLED"),
            Field(Fields.circuitBreaker, "enabled, rollback"),
            tags.field,
        ]
    }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        let reply: ECS.DescribeServicesResponse
        do {
            reply = try await ECS(client: context.client).describeServices(.init(cluster: cluster, services: [name], include: [.tags]))
        } catch let error as AWSError where error.is(ECS.ErrorCode.clusterNotFound) {
            return nil
        }
        guard let service = reply.services?.first(where: { $0.serviceName == name && $0.status != "INACTIVE" }) else { return nil }
        let network = service.networkConfiguration?.awsvpcConfiguration
        let breaker = service.deploymentConfiguration?.deploymentCircuitBreaker
        let liveTags = slipwayTags(service.tags)
        return LiveResource(fields: [
            Field(Fields.cluster, cluster),
            Field(Fields.launchType, service.launchType?.rawValue),
            Field(Fields.taskFamily, Self.family(of: service.taskDefinition)),
            Field(Fields.desiredCount, service.desiredCount.map(String.init)),
            Field(Fields.subnets, list: (network?.subnets ?? []).sorted()),
            Field(Fields.securityGroups, list: (network?.securityGroups ?? []).sorted()),
            Field(Fields.publicIP, network?.assignPublicIp?.rawValue ?? "DISABLED"),
            Field(Fields.circuitBreaker, breaker.map { "\($0.enable ? "enabled" : "disabled")\($0.rollback ? ", rollback" : "")" } ?? "disabled"),
            liveTags.field,
        ], ownedByApp: liveTags.isOwned(by: context.app))
    }

    func create(_ context: EngineContext) async throws {
        _ = try await ECS(client: context.client).createService(.init(
            cluster: cluster, serviceName: name, taskDefinition: family, desiredCount: count, launchType: .fargate,
            deploymentConfiguration: deploymentConfiguration, networkConfiguration: networkConfiguration,
            tags: ecsTags(tags), enableECSManagedTags: true, propagateTags: .service))
    }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let ecs = ECS(client: context.client)
        let changed = Set(changes.map(\.id))
        if !changed.subtracting([.tags]).isEmpty {
            _ = try await ecs.updateService(.init(
                cluster: cluster, service: name, desiredCount: count,
                taskDefinition: changed.contains(Fields.taskFamily) ? family : nil,
                deploymentConfiguration: deploymentConfiguration, networkConfiguration: networkConfiguration))
        }
        if changed.contains(.tags) {
            try await ecs.tagResource(.init(resourceArn: context.arns.ecsService(cluster: cluster, name), tags: ecsTags(tags)))
        }
    }

    /// Scales to zero first, so no task is left running, then deletes.
    func delete(_ context: EngineContext) async throws {
        let ecs = ECS(client: context.client)
        do {
            _ = try await ecs.updateService(.init(cluster: cluster, service: name, desiredCount: 0))
            _ = try await ecs.deleteService(.init(cluster: cluster, service: name, force: true))
        } catch let error as AWSError where error.is(ECS.ErrorCode.serviceNotFound, ECS.ErrorCode.serviceNotActive, ECS.ErrorCode.clusterNotFound) {
            return
        }
    }

    private var networkConfiguration: ECS.NetworkConfiguration {
        ECS.NetworkConfiguration(awsvpcConfiguration: .init(
            subnets: subnets, securityGroups: securityGroups, assignPublicIp: assignPublicIP ? .enabled : .disabled))
    }

    private var deploymentConfiguration: ECS.DeploymentConfiguration {
        ECS.DeploymentConfiguration(deploymentCircuitBreaker: .init(enable: true, rollback: true), maximumPercent: 200, minimumHealthyPercent: 100)
    }

    /// `arn:…:task-definition/family:3` → `family`.
    static func family(of taskDefinition: String?) -> String? {
        guard let taskDefinition else { return nil }
        let last = taskDefinition.split(separator: "/").last.map(String.init) ?? taskDefinition
        return last.split(separator: ":").first.map(String.init)
    }
}
