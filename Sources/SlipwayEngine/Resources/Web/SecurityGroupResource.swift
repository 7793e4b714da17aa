import AWSCore
import AWSServices

/// A security group of an environment's web front: the load balancer's (open on 80 and 443) or
/// the tasks' (each web service's port, from the load balancer's group only).
struct SecurityGroupResource: ManagedResource {
    /// Who may connect: an address range, or the members of another of this app's groups.
    enum Source: Sendable, Equatable {
        case cidr(String)
        case group(String)
        /// The address range of the group's VPC (an internal load balancer's clients).
        case vpc
    }

    struct Ingress: Sendable, Equatable {
        let port: Int
        let source: Source

        var text: String {
            switch source {
            case .cidr(let range): "tcp \(port) from \(range)"
            case .group(let name): "tcp \(port) from \(name)"
            case .vpc: "tcp \(port) from the VPC"
            }
        }
    }

    let name: String
    let description: String
    /// The load balancer's subnets: the group goes in their VPC.
    let subnets: [String]
    let ingress: [Ingress]
    let tags: SlipwayTags
    let dependencies: [ResourceAddress]

    var address: ResourceAddress { ResourceAddress(.securityGroup, name) }

    enum Fields {
        static let description = FieldID("description", forcesReplacement: true)
        static let ingress = FieldID("ingress")
    }

    var desired: [Field] {
        [Field(Fields.description, description), Field(Fields.ingress, list: ingress.map(\.text).sorted()), tags.field]
    }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        let ec2 = EC2(client: context.client)
        guard let vpc = try await VPCLookup.existingVPC(ofSubnets: subnets, context),
              let group = try await ec2.securityGroup(named: name, vpc: vpc) else { return nil }
        let permissions = group.IpPermissions ?? []
        let sourceIDs = permissions.flatMap { ($0.UserIdGroupPairs ?? []).compactMap(\.GroupId) }
        let names = try await ec2.securityGroupNames(Array(Set(sourceIDs)))
        let vpcRange = ingress.contains { $0.source == .vpc } ? try await Self.cidr(ofVPC: vpc, context) : nil
        var rules: [String] = []
        for permission in permissions {
            let port = permission.FromPort == permission.ToPort ? "\(permission.FromPort ?? 0)" : "\(permission.FromPort ?? 0)-\(permission.ToPort ?? 0)"
            let proto = permission.IpProtocol == "-1" ? "all" : permission.IpProtocol ?? "?"
            rules += (permission.IpRanges ?? []).compactMap(\.CidrIp).map { "\(proto) \(port) from \($0 == vpcRange ? "the VPC" : $0)" }
            rules += (permission.UserIdGroupPairs ?? []).compactMap(\.GroupId).map { "\(proto) \(port) from \(names[$0] ?? $0)" }
        }
        let liveTags = SlipwayTags(live: EC2.Tag.map(group.Tags))
        return LiveResource(fields: [
            Field(Fields.description, group.Description), Field(Fields.ingress, list: rules.sorted()), liveTags.field,
        ], ownedByApp: liveTags.isOwned(by: context.app))
    }

    func create(_ context: EngineContext) async throws {
        let ec2 = EC2(client: context.client)
        let vpc = try await VPCLookup.vpc(ofSubnets: subnets, context)
        let created = try await ec2.createSecurityGroup(.init(
            Description: description, GroupName: name, VpcId: vpc,
            TagSpecifications: [.init(ResourceType: .securityGroup, Tags: ec2Tags)]))
        guard let id = created.GroupId else { throw EngineError.webLookupFailed("CreateSecurityGroup gave no ID for \(name)") }
        try await authorize(ingress, group: id, vpc: vpc, context)
    }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let ec2 = EC2(client: context.client)
        let vpc = try await VPCLookup.vpc(ofSubnets: subnets, context)
        guard let group = try await ec2.securityGroup(named: name, vpc: vpc), let id = group.GroupId else { return }
        let changed = Set(changes.map(\.id))
        if changed.contains(Fields.ingress) {
            // The rules are the group's only state: revoke what is not wanted, authorize what is missing.
            let live = (group.IpPermissions ?? []).flatMap(Rule.rules(of:))
            let wanted = try await permissions(ingress, vpc: vpc, context)
            let unwanted = live.filter { !wanted.contains($0) }
            if !unwanted.isEmpty { _ = try await ec2.revokeSecurityGroupIngress(.init(GroupId: id, IpPermissions: unwanted.map(\.permission))) }
            try await authorize(wanted.filter { !live.contains($0) }, group: id, context)
        }
        if changed.contains(.tags) {
            _ = try await ec2.createTags(.init(Resources: [id], Tags: ec2Tags))
        }
    }

    /// Retries while a network interface (the load balancer's, a task's) still uses the group:
    /// AWS lets it go minutes after the load balancer or the task is gone.
    func delete(_ context: EngineContext) async throws {
        let ec2 = EC2(client: context.client)
        guard let vpc = try await VPCLookup.existingVPC(ofSubnets: subnets, context),
              let id = try await ec2.securityGroup(named: name, vpc: vpc)?.GroupId else { return }
        try await context.settling.retrying(while: { ($0 as? AWSError)?.is(EC2.ErrorCode.dependencyViolation) == true }) {
            do {
                _ = try await ec2.deleteSecurityGroup(.init(GroupId: id))
            } catch let error as AWSError where error.is(EC2.ErrorCode.groupNotFound) {
                return
            }
        }
    }

    static func cidr(ofVPC vpc: String, _ context: EngineContext) async throws -> String {
        guard let range = try await EC2(client: context.client).describeVpcs(.init(VpcIds: [vpc])).Vpcs?.first?.CidrBlock else {
            throw EngineError.webLookupFailed("VPC \(vpc) has no IPv4 address range")
        }
        return range
    }

    private var ec2Tags: [EC2.Tag] { tags.sortedPairs.map { EC2.Tag(Key: $0.key, Value: $0.value) } }

    /// One rule as EC2 holds it: a protocol and port range from one address range or group.
    struct Rule: Equatable {
        var ipProtocol = "tcp"
        let fromPort: Int
        let toPort: Int
        let cidr: String?
        let groupID: String?

        init(port: Int, cidr: String?, groupID: String?) {
            (fromPort, toPort, self.cidr, self.groupID) = (port, port, cidr, groupID)
        }

        init(_ permission: EC2.IpPermission, cidr: String?, groupID: String?) {
            ipProtocol = permission.IpProtocol ?? "tcp"
            (fromPort, toPort, self.cidr, self.groupID) = (permission.FromPort ?? -1, permission.ToPort ?? -1, cidr, groupID)
        }

        static func rules(of permission: EC2.IpPermission) -> [Rule] {
            (permission.IpRanges ?? []).map { Rule(permission, cidr: $0.CidrIp, groupID: nil) }
                + (permission.UserIdGroupPairs ?? []).map { Rule(permission, cidr: nil, groupID: $0.GroupId) }
        }

        var permission: EC2.IpPermission {
            EC2.IpPermission(IpProtocol: ipProtocol, FromPort: fromPort, ToPort: toPort,
                             UserIdGroupPairs: groupID.map { [EC2.UserIdGroupPair(GroupId: $0)] },
                             IpRanges: cidr.map { [EC2.IpRange(CidrIp: $0)] })
        }
    }

    private func permissions(_ ingress: [Ingress], vpc: String, _ context: EngineContext) async throws -> [Rule] {
        var rules: [Rule] = []
        for rule in ingress {
            switch rule.source {
            case .cidr(let range): rules.append(Rule(port: rule.port, cidr: range, groupID: nil))
            case .vpc: rules.append(Rule(port: rule.port, cidr: try await Self.cidr(ofVPC: vpc, context), groupID: nil))
            case .group(let source):
                guard let id = try await EC2(client: context.client).securityGroup(named: source, vpc: vpc)?.GroupId else {
                    throw EngineError.webLookupFailed("security group \(source) does not exist in \(vpc)")
                }
                rules.append(Rule(port: rule.port, cidr: nil, groupID: id))
            }
        }
        return rules
    }

    private func authorize(_ ingress: [Ingress], group: String, vpc: String, _ context: EngineContext) async throws {
        try await authorize(try await permissions(ingress, vpc: vpc, context), group: group, context)
    }

    private func authorize(_ rules: [Rule], group: String, _ context: EngineContext) async throws {
        guard !rules.isEmpty else { return }
        do {
            let request = EC2.AuthorizeSecurityGroupIngressRequest(GroupId: group, IpPermissions: rules.map(\.permission))
            _ = try await context.retrying(SettlingRefusal.groupNotYetVisible, for: .seconds(120)) {
                try await EC2(client: context.client).authorizeSecurityGroupIngress(request)
            }
        } catch let error as AWSError where error.is(EC2.ErrorCode.duplicatePermission) {
            return
        }
    }
}
