import Foundation
import SlipwayConfig
@testable import SlipwayEngine
import Testing

/// IAM's size limits, for a large stack (100 services × 3 environments): a role's inline
/// policies at most 10,240 characters, its trust policy at most 2,048 (whitespace not counted).
struct PolicySizeTests {
    static func largeFile(services: Int) throws -> SlipwayFile {
        let entries = (0..<services).map { "  svc\($0):\n    repo: svc\($0)\n    port: 8000\n" }.joined()
        let text = """
            app: big
            source:
              owner: org
              connection: arn:aws:codeconnections:us-east-1:123456789012:connection/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d
            cluster:
              name: big
              subnets: [subnet-0a1b2c3d4e5f60718]
              security_groups: [sg-0a1b2c3d4e5f60718]
            environments:
              development:
                branch: development
              staging:
                branch: staging
              production:
                branch: main
                approval: true
            services:

            """ + entries
        return try ConfigLoader.load(text: text, fileName: "slipway.yml", variables: [:])
    }

    @Test func everyRolePolicyFitsIAMsLimitsAtOneHundredServicesInThreeEnvironments() throws {
        let desired = DesiredState(file: try Self.largeFile(services: 100), account: "123456789012", region: "us-east-1",
                                   deployerPackage: ApplyExampleTests.Stack.package)
        let roles = desired.resources().compactMap { $0 as? RoleResource }
        #expect(roles.count == 100 * 3 * 3 + 1)
        for role in roles {
            let policy = role.policy.jsonText.filter { !$0.isWhitespace }
            let trust = role.trust.jsonText.filter { !$0.isWhitespace }
            #expect(policy.count <= 10_240, "\(role.name): a policy of \(policy.count) characters")
            #expect(trust.count <= 2_048, "\(role.name): a trust policy of \(trust.count) characters")
        }
    }
}
