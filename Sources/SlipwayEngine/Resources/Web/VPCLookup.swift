import AWSCore
import AWSServices

/// The VPC a web front lives in: the one of the load balancer's subnets.
enum VPCLookup {
    /// Asked by most web resources of an apply, answered once: a subnet never changes its VPC.
    static func vpc(ofSubnets subnets: [String], _ context: EngineContext) async throws -> String {
        try await context.lookups.vpc(ofSubnets: subnets) {
            guard let vpc = try await EC2(client: context.client).subnets(subnets).first?.VpcId else {
                throw EngineError.webLookupFailed("none of the load balancer's subnets (\(subnets.joined(separator: ", "))) exists in \(context.region)")
            }
            return vpc
        }
    }

    /// The VPC, or nil when none of the subnets exists (so neither can anything in it); AWS's
    /// errors still throw.
    static func existingVPC(ofSubnets subnets: [String], _ context: EngineContext) async throws -> String? {
        do {
            return try await vpc(ofSubnets: subnets, context)
        } catch EngineError.webLookupFailed {
            return nil
        } catch let error as AWSError where error.is(EC2.ErrorCode.subnetNotFound) {
            return nil
        }
    }

    /// The ID of one of this app's security groups, by name, in the VPC of `subnets`.
    static func securityGroupID(named name: String, subnets: [String], _ context: EngineContext) async throws -> String {
        let vpc = try await vpc(ofSubnets: subnets, context)
        guard let id = try await EC2(client: context.client).securityGroup(named: name, vpc: vpc)?.GroupId else {
            throw EngineError.webLookupFailed("security group \(name) does not exist in \(vpc)")
        }
        return id
    }
}

/// What one plan or apply looked up and that cannot change while it runs, asked once however
/// many resources ask (concurrent askers share the one request).
public actor LookupCache {
    private var vpcs: [[String]: Task<String, any Error>] = [:]
    private var loadBalancers: [String: String] = [:]

    public init() {}

    /// A load balancer's ARN once found (a missing one is asked again); forgotten when it is deleted.
    func loadBalancerARN(named name: String, _ elb: ELBv2) async throws -> String? {
        if let known = loadBalancers[name] { return known }
        let arn = try await elb.loadBalancer(named: name)?.LoadBalancerArn
        if let arn { loadBalancers[name] = arn }
        return arn
    }

    func forget(loadBalancer name: String) {
        loadBalancers[name] = nil
    }

    func vpc(ofSubnets subnets: [String], _ find: @escaping @Sendable () async throws -> String) async throws -> String {
        let key = subnets.sorted()
        if let known = vpcs[key] { return try await known.value }
        let task = Task { try await find() }
        vpcs[key] = task
        do {
            return try await task.value
        } catch {
            // A failed look is not remembered: the next asker tries again.
            vpcs[key] = nil
            throw error
        }
    }
}
