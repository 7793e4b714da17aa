import AWSCore
import AWSServices

/// The Application Load Balancer an environment's web services share.
struct LoadBalancerResource: ManagedResource {
    let name: String
    let isInternal: Bool
    let subnets: [String]
    /// The load balancer's own security group, by name.
    let securityGroup: String
    let idleTimeout: Int
    let tags: SlipwayTags
    let dependencies: [ResourceAddress]

    var address: ResourceAddress { ResourceAddress(.loadBalancer, name) }

    enum Fields {
        static let type = FieldID("type", forcesReplacement: true)
        static let scheme = FieldID("scheme", forcesReplacement: true)
        static let subnets = FieldID("subnets")
        static let securityGroups = FieldID("security groups")
        static let idleTimeout = FieldID("idle timeout")
        static let dropInvalidHeaders = FieldID("drop invalid headers")
    }

    static let idleTimeoutKey = "idle_timeout.timeout_seconds"
    static let dropInvalidHeadersKey = "routing.http.drop_invalid_header_fields.enabled"

    var desired: [Field] {
        [
            Field(Fields.type, "application"),
            Field(Fields.scheme, scheme.rawValue),
            Field(Fields.subnets, list: subnets.sorted()),
            Field(Fields.securityGroups, list: [securityGroup]),
            Field(Fields.idleTimeout, seconds: idleTimeout),
            Field(Fields.dropInvalidHeaders, boolean: true),
            tags.field,
        ]
    }

    private var scheme: ELBv2.LoadBalancerSchemeEnum { isInternal ? .`internal` : .internetFacing }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        let elb = ELBv2(client: context.client)
        guard let balancer = try await elb.loadBalancer(named: name), let arn = balancer.LoadBalancerArn else { return nil }
        async let tagsRead = elb.tags(of: arn)
        async let attributesRead = elb.describeLoadBalancerAttributes(.init(LoadBalancerArn: arn)).Attributes ?? []
        async let groupNames = EC2(client: context.client).securityGroupNames(balancer.SecurityGroups ?? [])
        let attributes = Dictionary(try await attributesRead.compactMap { attribute in attribute.Key.map { ($0, attribute.Value ?? "") } },
                                    uniquingKeysWith: { $1 })
        let names = try await groupNames
        let liveTags = SlipwayTags(live: try await tagsRead)
        return LiveResource(fields: [
            Field(Fields.type, balancer.Type?.rawValue),
            Field(Fields.scheme, balancer.Scheme?.rawValue),
            Field(Fields.subnets, list: (balancer.AvailabilityZones ?? []).compactMap(\.SubnetId).sorted()),
            Field(Fields.securityGroups, list: (balancer.SecurityGroups ?? []).map { names[$0] ?? $0 }.sorted()),
            Field(Fields.idleTimeout, seconds: attributes[Self.idleTimeoutKey].flatMap { Int($0) }),
            Field(Fields.dropInvalidHeaders, boolean: attributes[Self.dropInvalidHeadersKey].flatMap { Bool($0) }),
            liveTags.field,
        ], ownedByApp: liveTags.isOwned(by: context.app))
    }

    func create(_ context: EngineContext) async throws {
        let group = try await VPCLookup.securityGroupID(named: securityGroup, subnets: subnets, context)
        let created = try await ELBv2(client: context.client).createLoadBalancer(.init(
            Name: name, Subnets: subnets, SecurityGroups: [group], Scheme: scheme, Tags: ELBv2.tagList(tags.values),
            Type: .application, IpAddressType: .ipv4))
        guard let arn = created.LoadBalancers?.first?.LoadBalancerArn else {
            throw EngineError.webLookupFailed("CreateLoadBalancer gave no ARN for \(name)")
        }
        try await setAttributes(arn, context)
    }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let elb = ELBv2(client: context.client)
        guard let arn = try await elb.loadBalancer(named: name)?.LoadBalancerArn else { return }
        for change in changes {
            switch change.id {
            case Fields.subnets: _ = try await elb.setSubnets(.init(LoadBalancerArn: arn, Subnets: subnets))
            case Fields.securityGroups:
                let group = try await VPCLookup.securityGroupID(named: securityGroup, subnets: subnets, context)
                _ = try await elb.setSecurityGroups(.init(LoadBalancerArn: arn, SecurityGroups: [group]))
            case Fields.idleTimeout, Fields.dropInvalidHeaders: try await setAttributes(arn, context)
            case .tags: _ = try await elb.addTags(.init(ResourceArns: [arn], Tags: ELBv2.tagList(tags.values)))
            default: break
            }
        }
    }

    func delete(_ context: EngineContext) async throws {
        let elb = ELBv2(client: context.client)
        await context.lookups.forget(loadBalancer: name)
        guard let arn = try await elb.loadBalancer(named: name)?.LoadBalancerArn else { return }
        _ = try await elb.deleteLoadBalancer(.init(LoadBalancerArn: arn))
    }

    private func setAttributes(_ arn: String, _ context: EngineContext) async throws {
        _ = try await ELBv2(client: context.client).modifyLoadBalancerAttributes(.init(LoadBalancerArn: arn, Attributes: [
            .init(Key: Self.idleTimeoutKey, Value: String(idleTimeout)),
            .init(Key: Self.dropInvalidHeadersKey, Value: "true"),
        ]))
    }
}
