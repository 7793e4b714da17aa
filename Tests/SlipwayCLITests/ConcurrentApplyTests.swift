import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// Two `slipway apply` of the same file at once (two people, two CI jobs, both waiting for the
/// app's lock) end in the state one apply makes: every resource once, nothing left to change. The one exception is a task
/// definition family, which may get two identical first revisions: ECS has no idempotency token
/// for RegisterTaskDefinition, and withdrawing one is unsafe under ECS's eventual consistency
/// (it could leave the family without an active revision). Revisions are versions, not resources.
struct ConcurrentApplyTests {
    @Test func twoAppliesAtOnceEndAsOne() async throws {
        let stack = try await InterruptedRunTests.makeStack("two")
        async let first = stack.run(["apply", "--auto-approve", "--lock-timeout", "5m"])
        async let second = stack.run(["apply", "--auto-approve", "--lock-timeout", "5m"])
        let results = try await [first, second]
        for result in results {
            #expect(result.status == 0, "\(result.stderr)")
        }
        let plan = try await stack.run(["plan", "--detailed-exitcode"])
        #expect(plan.status == 0, "one state, nothing left to change: \(plan.stdout)")

        let ecs = ECS(client: stack.client)
        for (family, revisions) in try await stack.activeRevisions() {
            #expect((1...2).contains(revisions.count), "one task definition revision of \(family), or two identical: \(revisions)")
            var settings: Set<String> = []
            for revision in revisions {
                let definition = try #require(try await ecs.describeTaskDefinition(.init(taskDefinition: revision)).taskDefinition)
                let container = definition.containerDefinitions?.first
                settings.insert("\(definition.cpu ?? "") \(definition.memory ?? "") \(container?.image ?? "") \(container?.environment?.count ?? 0)")
            }
            #expect(settings.count == 1, "the revisions of \(family) are identical: \(settings)")
        }
        #expect(try await ecs.listAllServices(.init(cluster: stack.app)).count == 4)
    }
}
