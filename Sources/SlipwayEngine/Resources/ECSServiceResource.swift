import AWSCore
import AWSServices

/// The Fargate service of one service in one environment, with awsvpc networking from
/// `cluster` and the deployment circuit breaker (with rollback) on; a web service's is behind
/// its target group, with the environment's tasks security group added to the file's.
struct ECSServiceResource: ManagedResource {
    /// Where a web service's tasks take the load balancer's traffic.
    struct WebAttachment: Sendable, Equatable {
        let targetGroup: String
        let container: String
        let port: Int
        let gracePeriod: Int
        /// The environment's tasks security group, by name, and the subnets of its VPC.
        let tasksSecurityGroup: String
        let loadBalancerSubnets: [String]
    }

    let name: String
    let cluster: String
    let family: String
    let count: Int
    let subnets: [String]
    let securityGroups: [String]
    let assignPublicIP: Bool
    let web: WebAttachment?
    /// Once Application Auto Scaling owns the count: its range, which plan compares instead.
    let scaling: ClosedRange<Int>?
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
        static let loadBalancer = FieldID("load balancer")
        static let gracePeriod = FieldID("health check grace period")
    }

    /// With scaling, any live count inside its range is what scaling wants, not drift.
    private var desiredCount: FieldValue {
        scaling.map(FieldValue.countWithin) ?? .integer(count)
    }

    private var desiredSecurityGroups: [String] { (securityGroups + (web.map { [$0.tasksSecurityGroup] } ?? [])).sorted() }

    private var loadBalancerText: String? {
        web.map { "\($0.targetGroup) → container \($0.container) port \($0.port)" }
    }

    var desired: [Field] {
        [
            Field(Fields.cluster, cluster),
            Field(Fields.launchType, "FARGATE"),
            Field(Fields.taskFamily, family),
            Field(Fields.desiredCount, value: desiredCount),
            Field(Fields.subnets, list: subnets.sorted()),
            Field(Fields.securityGroups, list: desiredSecurityGroups),
            Field(Fields.publicIP, assignPublicIP ? "ENABLED" : "DISABLED"),
            Field(Fields.circuitBreaker, "enabled, rollback"),
            Field(Fields.loadBalancer, loadBalancerText),
            Field(Fields.gracePeriod, seconds: web?.gracePeriod),
            tags.field,
        ]
    }

    var readsInBatches: Bool { true }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        let found: ECS.Service?
        do {
            found = try await context.batches.ecsService(name, cluster: cluster)
        } catch let error as AWSError where error.is(ECS.ErrorCode.clusterNotFound) {
            return nil
        }
        guard let service = found else { return nil }
        let network = service.networkConfiguration?.awsvpcConfiguration
        let breaker = service.deploymentConfiguration?.deploymentCircuitBreaker
        let liveTags = slipwayTags(service.tags)
        // The tasks group shows by name, as the plan names it.
        var groups = network?.securityGroups ?? []
        if let web, !groups.isEmpty {
            let names = try await EC2(client: context.client).securityGroupNames(groups)
            groups = groups.map { names[$0] == web.tasksSecurityGroup ? web.tasksSecurityGroup : $0 }
        }
        let attached = service.loadBalancers?.first.map { balancer in
            "\(balancer.targetGroupArn.flatMap(ELBv2.targetGroupName(fromARN:)) ?? balancer.targetGroupArn ?? "?") → container \(balancer.containerName ?? "?") port \(balancer.containerPort.map(String.init) ?? "?")"
        }
        return LiveResource(fields: [
            Field(Fields.cluster, cluster),
            Field(Fields.launchType, service.launchType?.rawValue),
            Field(Fields.taskFamily, Self.family(of: service.taskDefinition)),
            Field(Fields.desiredCount, integer: service.desiredCount),
            Field(Fields.subnets, list: (network?.subnets ?? []).sorted()),
            Field(Fields.securityGroups, list: groups.sorted()),
            Field(Fields.publicIP, network?.assignPublicIp?.rawValue ?? "DISABLED"),
            Field(Fields.circuitBreaker, breaker.map { "\($0.enable == true ? "enabled" : "disabled")\($0.rollback == true ? ", rollback" : "")" } ?? "disabled"),
            Field(Fields.loadBalancer, attached),
            // ECS keeps a grace period of 0 on a service without a load balancer.
            Field(Fields.gracePeriod, seconds: attached == nil ? nil : service.healthCheckGracePeriodSeconds),
            liveTags.field,
        ], ownedByApp: liveTags.isOwned(by: context.app))
    }

    func create(_ context: EngineContext) async throws {
        async let balancers = loadBalancers(context)
        async let network = networkConfiguration(context)
        let request = ECS.CreateServiceRequest(
            cluster: cluster, serviceName: name, taskDefinition: family, loadBalancers: try await balancers,
            desiredCount: scaling?.lowerBound ?? count, launchType: .fargate,
            deploymentConfiguration: deploymentConfiguration, networkConfiguration: try await network,
            healthCheckGracePeriodSeconds: web?.gracePeriod,
            tags: ecsTags(tags), enableECSManagedTags: true, propagateTags: .service)
        _ = try await context.retrying(SettlingRefusal.ecsServiceSettling, for: .seconds(240)) {
            try await ECS(client: context.client).createService(request)
        }
    }

    /// With scaling on, the count is Application Auto Scaling's: an update never sends it.
    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let ecs = ECS(client: context.client)
        let changed = Set(changes.map(\.id))
        if !changed.subtracting([.tags]).isEmpty {
            let attachmentChanged = changed.contains(Fields.loadBalancer) || changed.contains(Fields.gracePeriod)
            let request = ECS.UpdateServiceRequest(
                cluster: cluster, service: name, desiredCount: scaling == nil ? count : nil,
                taskDefinition: changed.contains(Fields.taskFamily) ? family : nil,
                deploymentConfiguration: deploymentConfiguration, networkConfiguration: try await networkConfiguration(context),
                // Detaching sends 0: ECS refuses a grace period on a service without a load balancer.
                healthCheckGracePeriodSeconds: attachmentChanged ? (web?.gracePeriod ?? 0) : nil,
                loadBalancers: attachmentChanged ? (try await loadBalancers(context) ?? []) : nil)
            _ = try await context.retrying(SettlingRefusal.ecsServiceSettling, for: .seconds(240)) { try await ecs.updateService(request) }
        }
        if changed.contains(.tags) {
            try await ecs.tagResource(.init(resourceArn: context.arns.ecsService(cluster: cluster, name), tags: ecsTags(tags)))
        }
    }

    /// Scales to zero first, so no task is left running, then deletes, and waits while the
    /// service drains (DRAINING until its tasks have stopped, then INACTIVE), as the Terraform
    /// AWS provider does: its target group, security groups and cluster are free only after.
    func delete(_ context: EngineContext) async throws {
        let ecs = ECS(client: context.client)
        do {
            _ = try await ecs.updateService(.init(cluster: cluster, service: name, desiredCount: 0))
            _ = try await ecs.deleteService(.init(cluster: cluster, service: name, force: true))
        } catch let error as AWSError where error.is(ECS.ErrorCode.serviceNotFound, ECS.ErrorCode.serviceNotActive, ECS.ErrorCode.clusterNotFound) {
            return
        }
        try await context.shortSettling.wait(for: "ECS service \(name) to drain (DRAINING until its tasks stop, then INACTIVE)") { () -> WaiterState<Void> in
            let reply = try await ecs.describeServices(.init(cluster: cluster, services: [name]))
            guard let service = reply.services?.first(where: { $0.serviceName == name }), service.status != "INACTIVE" else { return .done(()) }
            return .pending("status \(service.status ?? "unknown"), \(service.runningCount ?? 0) running")
        }
    }

    private func networkConfiguration(_ context: EngineContext) async throws -> ECS.NetworkConfiguration {
        var groups = securityGroups
        if let web {
            groups.append(try await VPCLookup.securityGroupID(named: web.tasksSecurityGroup, subnets: web.loadBalancerSubnets, context))
        }
        return ECS.NetworkConfiguration(awsvpcConfiguration: .init(
            subnets: subnets, securityGroups: groups, assignPublicIp: assignPublicIP ? .enabled : .disabled))
    }

    private func loadBalancers(_ context: EngineContext) async throws -> [ECS.LoadBalancer]? {
        guard let web else { return nil }
        guard let arn = try await ELBv2(client: context.client).targetGroup(named: web.targetGroup)?.TargetGroupArn else {
            throw EngineError.webLookupFailed("target group \(web.targetGroup) does not exist")
        }
        return [ECS.LoadBalancer(targetGroupArn: arn, containerName: web.container, containerPort: web.port)]
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
