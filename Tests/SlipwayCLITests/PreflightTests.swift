import AWSCore
import Foundation
import SlipwayTestSupport
import Testing

/// `plan` warns about what the account will refuse later, read from the emulator's VPCs built
/// each way (emulator/make_network.py): the example's tasks and load balancer in them.
@Suite struct PreflightTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let network: EmulatorNetwork.Kind
        var publicIP = false
        /// The load balancer in the kind's own subnets rather than in its public ones.
        var balancerInTaskSubnets = false
        /// Each warning's resource, with `{task}` / `{lb}` standing for each subnet of that role.
        let expected: [String]

        var testDescription: String {
            "\(network.rawValue)\(publicIP ? ", public IP" : "")\(balancerInTaskSubnets ? ", balancer there too" : "")"
        }
    }

    static let cases: [Case] = [
        Case(network: .public, expected: ["{task} (cluster.subnets)"]),
        Case(network: .public, publicIP: true, expected: []),
        Case(network: .nat, expected: []),
        Case(network: .endpoints, expected: []),
        Case(network: .private, balancerInTaskSubnets: true, expected: ["{task} (cluster.subnets)", "{lb} (load_balancer.subnets)"]),
        Case(network: .oneZone, publicIP: true, expected: ["load_balancer.subnets"]),
    ]

    @Test(arguments: cases)
    func planWarnsWhereTheNetworkCannotWork(_ test: Case) async throws {
        let emulator = try await Emulator.shared.connection()
        var network = try await EmulatorNetwork.make(test.network, emulator)
        if test.balancerInTaskSubnets {
            network = .init(vpcId: network.vpcId, subnets: network.subnets, securityGroups: network.securityGroups, publicSubnets: network.subnets)
        }
        let stack = try await CLIStack.make("pf", network: network) { text in
            test.publicIP ? text.replacingOccurrences(of: "assign_public_ip: false", with: "assign_public_ip: true") : text
        }
        let taskSubnets = network.subnets, balancerSubnets = network.publicSubnets

        let plan = try await stack.slipway(["plan", "--output", "json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let warnings: [String] = try {
            guard case .array(let items)? = try JSONValue.parse(Array(plan.stdout.utf8))["warnings"] else { return [] }
            return items.compactMap { $0["resource"]?.stringValue }
        }()
        let expected = test.expected.flatMap { pattern -> [String] in
            if pattern.hasPrefix("{task}") { return taskSubnets.map { "subnet \($0)" + pattern.dropFirst(6) } }
            if pattern.hasPrefix("{lb}") { return balancerSubnets.map { "subnet \($0)" + pattern.dropFirst(4) } }
            return ["\(pattern) (\(balancerSubnets.joined(separator: ", ")))"]
        }
        #expect(warnings.sorted() == expected.sorted(), "\(plan.stderr)")
        // The same warnings on stderr, before the plan, each with its fix.
        #expect(plan.stderr.lines(containing: "Warning: ").count == expected.count, "\(plan.stderr)")
        #expect(plan.stderr.lines(containing: "  Fix: ").count == expected.count, "\(plan.stderr)")
    }

    @Test func aPublicSubnetWithoutAPublicAddressSaysWhyAndHowToFixIt() async throws {
        let stack = try await CLIStack.make("pf", network: try await EmulatorNetwork.make(.public, Emulator.shared.connection()))
        let plan = try await stack.slipway(["plan"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let warning = try #require(plan.stderr.lines(containing: "Warning: subnet").first)
        #expect(warning.contains("(cluster.subnets): ECS tasks there cannot reach ECR or CloudWatch Logs: its route table rtb-"))
        #expect(warning.contains("sends 0.0.0.0/0 to internet gateway igw-"))
        #expect(warning.contains("but cluster.assign_public_ip is false, and its VPC has no VPC endpoint for ecr.api, ecr.dkr, s3, logs; every task would stop with CannotPullContainerError."))
        #expect(plan.stderr.contains("  Fix: set cluster.assign_public_ip: true in a subnet with an internet gateway route, route the subnet through a NAT gateway, or add VPC endpoints for ecr.api, ecr.dkr, s3, logs."))
    }

    @Test func validateChecksTheAccountOnlyWhenAsked() async throws {
        let stack = try await CLIStack.make("pf", network: try await EmulatorNetwork.make(.public, Emulator.shared.connection()))
        let offline = try await stack.slipway(["validate"])
        #expect(offline.status == 0 && !offline.stderr.contains("Warning:"), "\(offline.stderr)")
        let checked = try await stack.slipway(["validate", "--account"])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.contains("is valid"))
        #expect(checked.stderr.lines(containing: "Warning: subnet").count == 2, "\(checked.stderr)")
    }

    @Test func aConnectionThatIsNotAvailableIsAWarning() async throws {
        let network = try await EmulatorNetwork.make(.nat, Emulator.shared.connection())
        let pending = try await CLIStack.make("pf", connectionStatus: "PENDING", network: network)
        let plan = try await pending.slipway(["plan"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stderr.lines(containing: "Warning: GitHub connection \(pending.app)-github: the GitHub connection '\(pending.app)-github' is PENDING").count == 1, "\(plan.stderr)")

        let available = try await CLIStack.make("pf", network: network)
        let clean = try await available.slipway(["plan"])
        #expect(clean.status == 0 && !clean.stderr.contains("Warning:"), "\(clean.stderr)")
    }
}
