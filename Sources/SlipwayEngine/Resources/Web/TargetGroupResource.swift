import AWSCore
import AWSServices

/// The target group (type `ip`, for awsvpc tasks) of one web service in one environment, with
/// its health check and deregistration delay.
struct TargetGroupResource: ManagedResource {
    struct HealthCheck: Sendable, Equatable {
        let path: String
        let codes: String
        let interval: Int
        let timeout: Int
        let healthy: Int
        let unhealthy: Int
    }

    let name: String
    let port: Int
    /// The load balancer's subnets: the group goes in their VPC.
    let subnets: [String]
    let healthCheck: HealthCheck
    let deregistrationDelay: Int
    let tags: SlipwayTags
    let dependencies: [ResourceAddress]

    var address: ResourceAddress { ResourceAddress(.targetGroup, name) }

    enum Fields {
        static let targetType = FieldID("target type", forcesReplacement: true)
        static let protocolAndPort = FieldID("protocol and port", forcesReplacement: true)
        static let healthCheckPath = FieldID("health check path")
        static let healthCheckCodes = FieldID("health check codes")
        static let healthCheckInterval = FieldID("health check interval")
        static let healthCheckTimeout = FieldID("health check timeout")
        static let healthyThreshold = FieldID("healthy threshold")
        static let unhealthyThreshold = FieldID("unhealthy threshold")
        static let deregistrationDelay = FieldID("deregistration delay")
    }

    static let deregistrationDelayKey = "deregistration_delay.timeout_seconds"
    static let healthCheckFields: Set<FieldID> = [
        Fields.healthCheckPath, Fields.healthCheckCodes, Fields.healthCheckInterval, Fields.healthCheckTimeout,
        Fields.healthyThreshold, Fields.unhealthyThreshold,
    ]

    var desired: [Field] {
        [
            Field(Fields.targetType, "ip"),
            Field(Fields.protocolAndPort, "HTTP \(port)"),
            Field(Fields.healthCheckPath, healthCheck.path),
            Field(Fields.healthCheckCodes, healthCheck.codes),
            Field(Fields.healthCheckInterval, seconds: healthCheck.interval),
            Field(Fields.healthCheckTimeout, seconds: healthCheck.timeout),
            Field(Fields.healthyThreshold, integer: healthCheck.healthy),
            Field(Fields.unhealthyThreshold, integer: healthCheck.unhealthy),
            Field(Fields.deregistrationDelay, seconds: deregistrationDelay),
            tags.field,
        ]
    }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        let elb = ELBv2(client: context.client)
        guard let group = try await elb.targetGroup(named: name), let arn = group.TargetGroupArn else { return nil }
        async let tagsRead = elb.tags(of: arn)
        let attributes = try await elb.describeTargetGroupAttributes(.init(TargetGroupArn: arn)).Attributes ?? []
        let delay = attributes.first { $0.Key == Self.deregistrationDelayKey }?.Value
        let liveTags = SlipwayTags(live: try await tagsRead)
        return LiveResource(fields: [
            Field(Fields.targetType, group.TargetType?.rawValue),
            Field(Fields.protocolAndPort, "\(group.Protocol?.rawValue ?? "?") \(group.Port.map(String.init) ?? "?")"),
            Field(Fields.healthCheckPath, group.HealthCheckPath),
            Field(Fields.healthCheckCodes, group.Matcher?.HttpCode),
            Field(Fields.healthCheckInterval, seconds: group.HealthCheckIntervalSeconds),
            Field(Fields.healthCheckTimeout, seconds: group.HealthCheckTimeoutSeconds),
            Field(Fields.healthyThreshold, integer: group.HealthyThresholdCount),
            Field(Fields.unhealthyThreshold, integer: group.UnhealthyThresholdCount),
            Field(Fields.deregistrationDelay, seconds: delay.flatMap { Int($0) }),
            liveTags.field,
        ], ownedByApp: liveTags.isOwned(by: context.app))
    }

    func create(_ context: EngineContext) async throws {
        let vpc = try await VPCLookup.vpc(ofSubnets: subnets, context)
        let created = try await ELBv2(client: context.client).createTargetGroup(.init(
            Name: name, Protocol: .http, Port: port, VpcId: vpc, HealthCheckProtocol: .http, HealthCheckEnabled: true,
            HealthCheckPath: healthCheck.path, HealthCheckIntervalSeconds: healthCheck.interval,
            HealthCheckTimeoutSeconds: healthCheck.timeout, HealthyThresholdCount: healthCheck.healthy,
            UnhealthyThresholdCount: healthCheck.unhealthy, Matcher: .init(HttpCode: healthCheck.codes), TargetType: .ip,
            Tags: ELBv2.tagList(tags.values)))
        guard let arn = created.TargetGroups?.first?.TargetGroupArn else {
            throw EngineError.webLookupFailed("CreateTargetGroup gave no ARN for \(name)")
        }
        try await setDeregistrationDelay(arn, context)
    }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let elb = ELBv2(client: context.client)
        guard let arn = try await elb.targetGroup(named: name)?.TargetGroupArn else { return }
        let changed = Set(changes.map(\.id))
        if !changed.isDisjoint(with: Self.healthCheckFields) {
            _ = try await elb.modifyTargetGroup(.init(
                TargetGroupArn: arn, HealthCheckPath: healthCheck.path, HealthCheckIntervalSeconds: healthCheck.interval,
                HealthCheckTimeoutSeconds: healthCheck.timeout, HealthyThresholdCount: healthCheck.healthy,
                UnhealthyThresholdCount: healthCheck.unhealthy, Matcher: .init(HttpCode: healthCheck.codes)))
        }
        if changed.contains(Fields.deregistrationDelay) { try await setDeregistrationDelay(arn, context) }
        if changed.contains(.tags) { _ = try await elb.addTags(.init(ResourceArns: [arn], Tags: ELBv2.tagList(tags.values))) }
    }

    /// Retries while the group is still in use: AWS lets go of it shortly after its rule or its
    /// ECS service detaches.
    func delete(_ context: EngineContext) async throws {
        let elb = ELBv2(client: context.client)
        guard let arn = try await elb.targetGroup(named: name)?.TargetGroupArn else { return }
        try await context.shortSettling.retrying(while: { ($0 as? AWSError)?.is(ELBv2.ErrorCode.resourceInUse) == true }) {
            do {
                _ = try await elb.deleteTargetGroup(.init(TargetGroupArn: arn))
            } catch let error as AWSError where error.is(ELBv2.ErrorCode.targetGroupNotFound) {
                return
            }
        }
    }

    private func setDeregistrationDelay(_ arn: String, _ context: EngineContext) async throws {
        _ = try await ELBv2(client: context.client).modifyTargetGroupAttributes(.init(
            TargetGroupArn: arn, Attributes: [.init(Key: Self.deregistrationDelayKey, Value: String(deregistrationDelay))]))
    }
}
