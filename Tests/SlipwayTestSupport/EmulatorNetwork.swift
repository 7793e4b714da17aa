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
        /// Subnets of the VPC routed to an internet gateway, in two zones: where a load balancer goes.
        public let publicSubnets: [String]

        public init(vpcId: String, subnets: [String], securityGroups: [String], publicSubnets: [String]? = nil) {
            self.vpcId = vpcId
            self.subnets = subnets
            self.securityGroups = securityGroups
            self.publicSubnets = publicSubnets ?? subnets
        }
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

extension EmulatorNetwork {
    /// The ways a VPC can route, as `emulator/make_network.py` builds them.
    public enum Kind: String, Sendable, CaseIterable {
        case `public`, `private`, nat, endpoints, oneZone = "one-zone"
    }

    /// A new VPC of that kind in the emulator: its ID and two subnets, and its default security group.
    /// (The emulator's admin makes it, so that a test's own user has made no call yet.)
    public static func make(_ kind: Kind, _ emulator: EmulatorConnection) async throws -> Network {
        let root = Emulator.repositoryRoot
        let result = try await SlipwayProcess.runProgram(
            root.appendingPathComponent(".venv/bin/python"), [root.appendingPathComponent("emulator/make_network.py").path, kind.rawValue],
            environment: emulator.environment().merging(["AWS_DEFAULT_REGION": emulator.region]) { $1 })
        guard result.status == 0, case .object(let made) = try JSONValue.parse(Array(result.stdout.utf8)),
              let vpc = made["vpc"]?.stringValue, case .array(let subnets)? = made["subnets"],
              case .array(let publicSubnets)? = made["public_subnets"] else {
            throw EmulatorUnavailable(reason: "make_network.py \(kind.rawValue) failed: \(result.stderr)")
        }
        let groups = (try await EC2(client: emulator.client()).describeSecurityGroups(.init(Filters: [.init(Name: "vpc-id", Values: [vpc])])).SecurityGroups ?? [])
            .filter { $0.GroupName == "default" }.compactMap(\.GroupId)
        return Network(vpcId: vpc, subnets: subnets.compactMap(\.stringValue), securityGroups: groups,
                       publicSubnets: publicSubnets.compactMap(\.stringValue))
    }
}
