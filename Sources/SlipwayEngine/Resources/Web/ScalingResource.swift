import AWSCore
import AWSServices

/// Target tracking of one ECS service's desired count (Application Auto Scaling): the scalable
/// target and one policy per metric, average CPU and requests per target.
struct ScalingResource: ManagedResource {
    /// The requests metric needs the load balancer and target group the service is behind.
    struct RequestsTarget: Sendable, Equatable {
        let perTarget: Int
        let loadBalancer: String
        let targetGroup: String
    }

    let cluster: String
    let service: String
    let min: Int
    let max: Int
    let cpu: Int?
    let requests: RequestsTarget?
    let tags: SlipwayTags
    let dependencies: [ResourceAddress]

    var resourceID: String { "service/\(cluster)/\(service)" }
    var address: ResourceAddress { ResourceAddress(.scalableTarget, resourceID) }
    var cpuPolicy: String { "\(service)-cpu" }
    var requestsPolicy: String { "\(service)-requests" }

    enum Fields {
        static let capacity = FieldID("capacity")
        static let cpu = FieldID("average CPU")
        static let requests = FieldID("requests per target")
    }

    var desired: [Field] {
        [
            Field(Fields.capacity, "\(min)–\(max) tasks"),
            Field(Fields.cpu, cpu.map { "\($0) %" } ?? "off"),
            Field(Fields.requests, requests.map { "\($0.perTarget) a minute" } ?? "off"),
            tags.field,
        ]
    }

    var readsInBatches: Bool { true }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        let scaling = ApplicationAutoScaling(client: context.client)
        guard let target = try await context.batches.scalableTargets.load(resourceID) else { return nil }
        async let policiesRead = scaling.ecsPolicies(resourceID)
        let liveTags = SlipwayTags(live: try await target.ScalableTargetARN.asyncMap { try await scaling.listTagsForResource(.init(ResourceARN: $0)).Tags } ?? [:])
        let policies = try await policiesRead
        func value(_ name: String) -> Int? {
            policies.first { $0.PolicyName == name }?.TargetTrackingScalingPolicyConfiguration?.TargetValue.map { Int($0.rounded()) }
        }
        return LiveResource(fields: [
            Field(Fields.capacity, "\(target.MinCapacity.map(String.init) ?? "?")–\(target.MaxCapacity.map(String.init) ?? "?") tasks"),
            Field(Fields.cpu, value(cpuPolicy).map { "\($0) %" } ?? "off"),
            Field(Fields.requests, value(requestsPolicy).map { "\($0) a minute" } ?? "off"),
            liveTags.field,
        ], ownedByApp: liveTags.isOwned(by: context.app))
    }

    func create(_ context: EngineContext) async throws {
        let request = ApplicationAutoScaling.RegisterScalableTargetRequest(
            ServiceNamespace: .ecs, ResourceId: resourceID, ScalableDimension: .ecsServiceDesiredCount,
            MinCapacity: min, MaxCapacity: max, Tags: tags.values)
        _ = try await context.retrying(SettlingRefusal.scalingSettling, for: .seconds(120)) {
            try await ApplicationAutoScaling(client: context.client).registerScalableTarget(request)
        }
        try await putPolicies(context)
    }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let scaling = ApplicationAutoScaling(client: context.client)
        let changed = Set(changes.map(\.id))
        if changed.contains(Fields.capacity) {
            let request = ApplicationAutoScaling.RegisterScalableTargetRequest(
                ServiceNamespace: .ecs, ResourceId: resourceID, ScalableDimension: .ecsServiceDesiredCount, MinCapacity: min, MaxCapacity: max)
            _ = try await context.retrying(SettlingRefusal.scalingSettling, for: .seconds(120)) { try await scaling.registerScalableTarget(request) }
        }
        if changed.contains(Fields.cpu) || changed.contains(Fields.requests) { try await putPolicies(context) }
        if changed.contains(.tags), let arn = try await scaling.ecsTarget(resourceID)?.ScalableTargetARN {
            _ = try await scaling.tagResource(.init(ResourceARN: arn, Tags: tags.values))
        }
    }

    /// Deregistering the target deletes its policies with it.
    func delete(_ context: EngineContext) async throws {
        do {
            _ = try await ApplicationAutoScaling(client: context.client).deregisterScalableTarget(.init(
                ServiceNamespace: .ecs, ResourceId: resourceID, ScalableDimension: .ecsServiceDesiredCount))
        } catch let error as AWSError where error.is(ApplicationAutoScaling.ErrorCode.objectNotFound) {
            return
        }
    }

    /// Puts the wanted policies and deletes the one of a metric no longer wanted.
    private func putPolicies(_ context: EngineContext) async throws {
        let scaling = ApplicationAutoScaling(client: context.client)
        let existing = Set(try await scaling.ecsPolicies(resourceID).map(\.PolicyName))
        if let cpu {
            try await put(cpuPolicy, target: Double(cpu), metric: .init(PredefinedMetricType: .ecsServiceAverageCPUUtilization), scaling, context)
        } else if existing.contains(cpuPolicy) {
            try await deletePolicy(cpuPolicy, scaling)
        }
        if let requests {
            let elb = ELBv2(client: context.client)
            guard let balancer = try await elb.loadBalancer(named: requests.loadBalancer)?.LoadBalancerArn,
                  let group = try await elb.targetGroup(named: requests.targetGroup)?.TargetGroupArn,
                  let label = ELBv2.resourceLabel(loadBalancerARN: balancer, targetGroupARN: group) else {
                throw EngineError.webLookupFailed("scaling on requests needs load balancer \(requests.loadBalancer) and target group \(requests.targetGroup)")
            }
            try await put(requestsPolicy, target: Double(requests.perTarget),
                          metric: .init(PredefinedMetricType: .albRequestCountPerTarget, ResourceLabel: label), scaling, context)
        } else if existing.contains(requestsPolicy) {
            try await deletePolicy(requestsPolicy, scaling)
        }
    }

    private func put(_ name: String, target: Double, metric: ApplicationAutoScaling.PredefinedMetricSpecification,
                     _ scaling: ApplicationAutoScaling, _ context: EngineContext) async throws {
        let request = ApplicationAutoScaling.PutScalingPolicyRequest(
            PolicyName: name, ServiceNamespace: .ecs, ResourceId: resourceID, ScalableDimension: .ecsServiceDesiredCount,
            PolicyType: .targetTrackingScaling,
            TargetTrackingScalingPolicyConfiguration: .init(TargetValue: target, PredefinedMetricSpecification: metric,
                                                            ScaleOutCooldown: 60, ScaleInCooldown: 300))
        _ = try await context.retrying(SettlingRefusal.scalingSettling, for: .seconds(120)) { try await scaling.putScalingPolicy(request) }
    }

    private func deletePolicy(_ name: String, _ scaling: ApplicationAutoScaling) async throws {
        _ = try await scaling.deleteScalingPolicy(.init(
            PolicyName: name, ServiceNamespace: .ecs, ResourceId: resourceID, ScalableDimension: .ecsServiceDesiredCount))
    }
}
