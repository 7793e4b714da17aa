import AWSCore
import AWSServices

/// The VPC a web front lives in: the one of the load balancer's subnets.
enum VPCLookup {
    static func vpc(ofSubnets subnets: [String], _ context: EngineContext) async throws -> String {
        guard let vpc = try await EC2(client: context.client).subnets(subnets).first?.VpcId else {
            throw EngineError.webLookupFailed("none of the load balancer's subnets (\(subnets.joined(separator: ", "))) exists in \(context.region)")
        }
        return vpc
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
