import AWSCore
import Foundation

/// Looks up the emulator's default VPC networking (moto checks ECS `awsvpc` subnets and
/// security groups against its EC2 emulation). The project has no EC2 client, so this
/// speaks EC2's Query protocol directly.
public enum EmulatorNetwork {
    static let service = AWSServiceDescription(
        serviceID: "EC2", signingName: "ec2", endpointPrefix: "ec2", wireProtocol: .query(version: "2016-11-15"))

    struct Subnet: Decodable {
        let subnetId: String
        let vpcId: String
        let defaultForAz: Bool?
    }

    struct SecurityGroup: Decodable {
        let groupId: String
        let groupName: String
        let vpcId: String?
    }

    private struct DescribeSubnetsReply: Decodable {
        let subnetSet: [Subnet]?
    }

    private struct DescribeSecurityGroupsReply: Decodable {
        let securityGroupInfo: [SecurityGroup]?
    }

    public struct Network: Sendable {
        public let vpcId: String
        public let subnets: [String]
        public let securityGroups: [String]
    }

    /// EC2 answers with the members right under `<{Action}Response>` — not inside
    /// `<{Action}Result>` as IAM and STS do — so `AWSClient.query` cannot read it.
    private static func call<Output: Decodable>(_ client: AWSClient, _ action: String, as: Output.Type) async throws -> Output {
        let parameters = try QueryEncoder.parameters(action: action, version: "2016-11-15", input: EmptyShape())
        let response = try await client.send(
            service, action, method: "POST", path: "/",
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(QueryEncoder.formBody(parameters).utf8))
        return try XMLShapeDecoder.decode(Output.self, from: try XMLNode.parse(response.body))
    }

    static func subnets(_ client: AWSClient) async throws -> [Subnet] {
        try await call(client, "DescribeSubnets", as: DescribeSubnetsReply.self).subnetSet ?? []
    }

    static func securityGroups(_ client: AWSClient) async throws -> [SecurityGroup] {
        try await call(client, "DescribeSecurityGroups", as: DescribeSecurityGroupsReply.self).securityGroupInfo ?? []
    }

    /// Two subnets of the default VPC and its `default` security group.
    public static func defaultNetwork(_ client: AWSClient) async throws -> Network {
        let subnets = try await subnets(client)
        guard let vpc = (subnets.first { $0.defaultForAz == true } ?? subnets.first)?.vpcId else {
            throw EmulatorUnavailable(reason: "the emulator's EC2 has no subnet")
        }
        let inVPC = subnets.filter { $0.vpcId == vpc }.map(\.subnetId)
        let groups = try await securityGroups(client).filter { $0.vpcId == vpc && $0.groupName == "default" }.map(\.groupId)
        guard !groups.isEmpty else { throw EmulatorUnavailable(reason: "the emulator's default VPC \(vpc) has no default security group") }
        return Network(vpcId: vpc, subnets: Array(inVPC.prefix(2)), securityGroups: groups)
    }
}
