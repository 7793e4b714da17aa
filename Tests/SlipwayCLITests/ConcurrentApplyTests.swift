import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// Two `slipway apply` of the same file at once (two people, two CI jobs) end in the state one
/// apply makes: every resource once, nothing left to change.
struct ConcurrentApplyTests {
    @Test func twoAppliesAtOnceEndAsOne() async throws {
        let stack = try await InterruptedRunTests.makeStack("two")
        async let first = stack.run(["apply", "--auto-approve"])
        async let second = stack.run(["apply", "--auto-approve"])
        let results = try await [first, second]
        for result in results {
            #expect(result.status == 0, "\(result.stderr)")
        }
        let plan = try await stack.run(["plan", "--detailed-exitcode"])
        #expect(plan.status == 0, "one state, nothing left to change: \(plan.stdout)")

        let ecs = ECS(client: stack.client)
        for environment in ["development", "production"] {
            for service in ["sciauth", "scireg"] {
                let family = "\(stack.app)-\(environment)-\(service)"
                let revisions = try await ecs.listAllTaskDefinitions(.init(familyPrefix: family, status: .active))
                #expect(revisions.count == 1, "one task definition revision of \(family): \(revisions)")
            }
        }
        #expect(try await ecs.listAllServices(.init(cluster: stack.app)).count == 4)
    }
}
