import AWSCore
import AWSServices
import Foundation
import SlipwayConfig
import SlipwayTestSupport
import Testing
@testable import SlipwayEngine

/// A plan reads through the account's listings (`AccountListings`): a no-change plan makes no
/// one-by-one read of a role, pipeline, task definition or tag set; what changed behind
/// Slipway's back is read again on its own and planned exactly as the resources' own reads
/// plan it; without the listing permissions a plan reads each resource on its own.
struct ListingReadsTests {
    /// The one-by-one reads the listings replace.
    static let oneByOne: Set<String> = [
        "iam GetRole", "iam GetRolePolicy", "codepipeline GetPipeline", "ecs DescribeTaskDefinition",
        "codepipeline ListTagsForResource", "logs ListTagsForResource", "ecr ListTagsForResource",
    ]

    static func applied(_ user: EmulatorConnection.UserKeys? = nil) async throws -> (ApplyExampleTests.Stack, DesiredState) {
        let stack = try await ApplyExampleTests.stack()
        let desired = try stack.desired()
        let result = try await stack.apply(desired)
        #expect(result.succeeded, "\(result.failed.map(\.2))")
        return (stack, desired)
    }

    /// The calls `user` made during `body`, as `service Action`.
    static func calls(of user: EmulatorConnection.UserKeys, on emulator: EmulatorConnection, during body: () async throws -> Void) async throws -> [String] {
        let before = try await emulator.calls(accessKeyID: user.accessKeyID).count
        try await body()
        return try await emulator.calls(accessKeyID: user.accessKeyID).dropFirst(before).map { "\($0.service ?? "?") \($0.action ?? "?")" }
    }

    @Test func aNoChangePlanReadsRolesPipelinesRevisionsAndTagsFromListings() async throws {
        // The example has 13 roles, fewer than a plan lists the account's roles for by default.
        let (stack, desired) = try await Self.applied()
        var plan: Plan?
        let calls = try await Self.calls(of: stack.user, on: stack.emulator) {
            plan = try await Planner(context: stack.context, roleListingMinimum: 1).plan(desired.resources())
        }
        #expect(plan?.hasChanges == false, "\(plan?.pending.map { "\($0.address) \($0.changes.map(\.name))" } ?? [])")
        #expect(calls.filter(Self.oneByOne.contains).isEmpty, "\(calls.filter(Self.oneByOne.contains))")
        #expect(calls.contains("iam GetAccountAuthorizationDetails"))
        #expect(calls.contains("tagging GetResources"))
        #expect(calls.contains("codepipeline ListPipelines"))

        let byDefault = try await Self.calls(of: stack.user, on: stack.emulator) { _ = try await stack.plan(desired) }
        #expect(!byDefault.contains("iam GetAccountAuthorizationDetails") && byDefault.contains("iam GetRole"),
                "13 roles are read one by one: \(byDefault)")
    }

    @Test func whatChangedBehindSlipwaysBackIsPlannedAsTheResourcesOwnReadsShowIt() async throws {
        let (stack, desired) = try await Self.applied()
        let admin = stack.emulator.client()
        let resources = desired.resources()
        let role = try #require(resources.first { $0.address.kind == .iamRole && $0.address.name.hasSuffix("-task-exec") })
        let pipeline = try #require(resources.first { $0.address.kind == .pipeline })
        let family = try #require(resources.first { $0.address.kind == .taskDefinition })

        // The role's inline policy, the pipeline's build project and the newest revision's cpu,
        // each changed with the admin's keys.
        try await IAM(client: admin).putRolePolicy(.init(
            RoleName: role.address.name, PolicyName: RoleResource.inlinePolicyName,
            PolicyDocument: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#))
        let codePipeline = CodePipeline(client: admin)
        var declaration = try #require(try await codePipeline.getPipeline(.init(name: pipeline.address.name)).pipeline)
        for stage in (declaration.stages ?? []).indices {
            for action in (declaration.stages?[stage].actions ?? []).indices where declaration.stages?[stage].actions?[action].actionTypeId?.category == .build {
                declaration.stages?[stage].actions?[action].configuration?["ProjectName"] = "someone-elses-project"
            }
        }
        _ = try await codePipeline.updatePipeline(.init(pipeline: declaration))
        let ecs = ECS(client: admin)
        let newest = try await ecs.describeTaskDefinition(.init(taskDefinition: family.address.name, include: [.tags]))
        let definition = try #require(newest.taskDefinition)
        _ = try await ecs.registerTaskDefinition(.init(
            family: family.address.name, taskRoleArn: definition.taskRoleArn, executionRoleArn: definition.executionRoleArn,
            networkMode: definition.networkMode, containerDefinitions: definition.containerDefinitions ?? [],
            requiresCompatibilities: definition.requiresCompatibilities, cpu: "2048", memory: "4096",
            tags: (newest.tags ?? []).filter { $0.key != Fingerprint.tagKey }))

        let plan = try await Planner(context: stack.context, roleListingMinimum: 1).plan(desired.resources())
        let planned = plan.pending.map { "\($0.action) \($0.address): \($0.changes.map(\.name).sorted())" }.sorted()
        #expect(planned.contains("update \(role.address): [\"policy\"]"), "\(planned)")
        #expect(planned.contains("update \(pipeline.address): [\"build project\"]"), "\(planned)")
        #expect(planned.contains("update \(family.address): [\"cpu\", \"memory\"]"), "\(planned)")

        // The same as reading every resource on its own (no listing), the way plans did before.
        var ownReads: [String] = []
        for resource in resources where !resource.isRetired {
            let live = try #require(try await resource.readLive(stack.context), "\(resource.address) is missing")
            let changes = FieldChange.diff(desired: resource.desired, live: live.fields)
            if !changes.isEmpty { ownReads.append("update \(resource.address): \(changes.map(\.name).sorted())") }
        }
        #expect(planned == ownReads.sorted())
    }

    @Test func withoutTheListingPermissionsAPlanReadsEachResourceOnItsOwn() async throws {
        let stack = try await ApplyExampleTests.stack()
        let desired = try stack.desired()
        #expect(try await stack.apply(desired).succeeded)
        let denied = try await stack.emulator.newUser("nolist", policy: """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
             {"Effect":"Deny","Action":["iam:GetAccountAuthorizationDetails","tag:GetResources","codepipeline:ListPipelines","ecs:ListTaskDefinitionFamilies"],"Resource":"*"}]}
            """)
        let context = EngineContext(client: stack.emulator.client(for: denied), app: stack.app, account: "123456789012")
        var plan: Plan?
        let calls = try await Self.calls(of: denied, on: stack.emulator) {
            plan = try await Planner(context: context, roleListingMinimum: 1).plan(desired.resources())
        }
        #expect(plan?.hasChanges == false, "\(plan?.pending.map { "\($0.address) \($0.changes.map(\.name))" } ?? [])")
        #expect(calls.contains("iam GetRole") && calls.contains("codepipeline GetPipeline") && calls.contains("ecs DescribeTaskDefinition"))
        #expect(calls.contains("iam GetAccountAuthorizationDetails"), "tried first, denied")
    }
}
