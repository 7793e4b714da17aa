import AWSCore
import AWSServices
import Foundation

/// Looks up the emulator's default VPC networking (moto checks ECS `awsvpc` subnets and
/// security groups against its EC2 emulation).
public enum EmulatorNetwork {
    public struct Network: Sendable {
        public let vpcId: String
        public let subnets: [String]
        public let securityGroups: [String]
    }

    /// Two subnets of the default VPC (in two availability zones, as a load balancer needs) and
    /// its `default` security group.
    public static func defaultNetwork(_ client: AWSClient) async throws -> Network {
        let ec2 = EC2(client: client)
        let subnets = try await ec2.describeSubnets().Subnets ?? []
        guard let vpc = (subnets.first { $0.DefaultForAz == true } ?? subnets.first)?.VpcId else {
            throw EmulatorUnavailable(reason: "the emulator's EC2 has no subnet")
        }
        var zones: Set<String> = []
        let inVPC = subnets.filter { $0.VpcId == vpc && zones.insert($0.AvailabilityZone ?? "").inserted }.compactMap(\.SubnetId)
        let groups = (try await ec2.describeSecurityGroups().SecurityGroups ?? [])
            .filter { $0.VpcId == vpc && $0.GroupName == "default" }.compactMap(\.GroupId)
        guard !groups.isEmpty else { throw EmulatorUnavailable(reason: "the emulator's default VPC \(vpc) has no default security group") }
        return Network(vpcId: vpc, subnets: Array(inVPC.prefix(2)), securityGroups: groups)
    }
}
