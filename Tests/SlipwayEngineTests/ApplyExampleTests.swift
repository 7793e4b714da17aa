import AWSCore
import AWSServices
import Foundation
import SlipwayConfig
import SlipwayTestSupport
import Testing
@testable import SlipwayEngine

/// The example stack applied to the emulator (signatures checked, IAM enforced), read back,
/// changed, re-applied and destroyed.
@Suite(.serialized)
struct ApplyExampleTests {
    struct Stack {
        let emulator: EmulatorConnection
        let user: EmulatorConnection.UserKeys
        let client: AWSClient
        let app: String
        let path: String
        let network: EmulatorNetwork.Network

        func desired(editing edit: (String) -> String = { $0 }) throws -> DesiredState {
            let text = edit(try String(contentsOfFile: path, encoding: .utf8))
            let file = try ConfigLoader.load(text: text, fileName: "slipway.yml", variables: [:])
            return DesiredState(file: file, account: "123456789012", region: client.region, deployerPackage: Self.package)
        }

        var context: EngineContext { EngineContext(client: client, app: app, account: "123456789012") }

        func plan(_ desired: DesiredState) async throws -> Plan {
            try await Planner(context: context).plan(desired.resources())
        }

        func apply(_ desired: DesiredState) async throws -> ApplyResult {
            try await Applier(context: context).apply(plan(desired))
        }

        static let package = DeployerPackage(zip: StoredZip.zip([(name: "bootstrap", contents: Array("#!/bin/sh\n".utf8))]))
    }

    static func stack() async throws -> Stack {
        let emulator = try await Emulator.shared.connection()
        let user = try await emulator.newUser("engine")
        let client = emulator.client(for: user)
        let network = try await EmulatorNetwork.defaultNetwork(client)
        let app = ExampleApp.uniqueName()
        let path = try await ExampleApp.write(app: app, network: network)
        return Stack(emulator: emulator, user: user, client: client, app: app, path: path, network: network)
    }

    @Test func applyCreatesEveryResourceAndASecondApplyWritesNothing() async throws {
        let stack = try await Self.stack()
        let desired = try stack.desired()
        let first = try await stack.plan(desired)
        #expect(first.count(.create) == first.changes.count)
        let result = await Applier(context: stack.context).apply(first)
        #expect(result.succeeded, "\(result.failed.map(\.2))")

        try await ReadBack.verify(stack: stack)

        let writesAfterFirstApply = try await stack.emulator.writeCalls(of: stack.user).count
        let second = try await stack.plan(desired)
        #expect(!second.hasChanges, "unexpected: \(second.pending.map { "\($0.action) \($0.address) \($0.changes.map(\.name))" })")
        _ = await Applier(context: stack.context).apply(second)
        #expect(try await stack.emulator.writeCalls(of: stack.user).count == writesAfterFirstApply)
    }

    @Test(arguments: [
        ("DJANGO_DEBUG: \"false\"\n      SCIAUTH_URL", "DJANGO_DEBUG: \"true\"\n      SCIAUTH_URL", ResourceKind.taskDefinition, "variables"),
        ("compute: BUILD_GENERAL1_MEDIUM", "compute: BUILD_GENERAL1_LARGE", ResourceKind.codeBuildProject, "compute"),
        ("    branch: development\n", "    branch: development\n    approval: true\n", ResourceKind.pipeline, "approval"),
    ])
    func oneChangedFieldPlansAsExactlyThatUpdate(_ old: String, _ new: String, _ kind: ResourceKind, _ field: String) async throws {
        let stack = try await Self.stack()
        let result = try await stack.apply(stack.desired())
        #expect(result.succeeded, "\(result.failed.map(\.2))")

        let changed = try stack.desired { $0.replacingOccurrences(of: old, with: new) }
        let plan = try await stack.plan(changed)
        let pending = plan.pending
        // Each edit reaches two resources: scireg's variable and sciauth's compute in both
        // environments, development's approval in both services' pipelines.
        #expect(pending.count == 2, "\(pending.map { "\($0.action) \($0.address) \($0.changes.map(\.name))" })")
        #expect(pending.allSatisfy { $0.action == .update && $0.address.kind == kind && $0.changes.map(\.name) == [field] })

        let applied = await Applier(context: stack.context).apply(plan)
        #expect(applied.succeeded, "\(applied.failed.map(\.2))")
        #expect(!(try await stack.plan(changed)).hasChanges)
    }

    @Test func aChangedDeployerPackageUpdatesTheFunctionInPlace() async throws {
        let stack = try await Self.stack()
        #expect(try await stack.apply(stack.desired()).succeeded)
        let newer = DeployerPackage(zip: StoredZip.zip([(name: "bootstrap", contents: Array("#!/bin/sh\necho v2\n".utf8))]))
        let current = try stack.desired()
        let changed = DesiredState(file: current.file, account: current.account, region: current.region, deployerPackage: newer)
        let plan = try await stack.plan(changed)
        #expect(plan.pending.map(\.address) == [ResourceAddress(.lambdaFunction, "\(stack.app)-deployer")])
        #expect(plan.pending.first?.changes.map(\.name) == ["code sha256"])
        #expect(await Applier(context: stack.context).apply(plan).succeeded)
        let function = try await Lambda(client: stack.client).getFunction(.init(FunctionName: "\(stack.app)-deployer"))
        #expect(function.Configuration?.CodeSha256 == newer.sha256)
        #expect(!(try await stack.plan(changed)).hasChanges)
    }

    @Test func destroyLeavesNothingTaggedWithTheApp() async throws {
        let stack = try await Self.stack()
        let desired = try stack.desired()
        #expect(try await stack.apply(desired).succeeded)
        let (plan, untagged) = try await Planner(context: stack.context).destroyPlan(desired.resources())
        #expect(untagged.isEmpty)
        #expect(plan.count(.delete) == desired.resources().filter { !$0.isRetired }.count)
        let result = await Applier(context: stack.context).apply(plan)
        #expect(result.succeeded, "\(result.failed.map(\.2))")
        let after = try await stack.plan(desired)
        #expect(after.count(.create) == after.changes.count, "everything must be gone: \(after.changes.filter { $0.action != .create }.map(\.address))")
    }

    @Test func anApplyStoppedHalfwayConvergesWhenRunAgain() async throws {
        let stack = try await Self.stack()
        let desired = try stack.desired()
        let stop = StopSignal()
        let finished = Counter()
        let partial = await Applier(context: stack.context, parallelism: 2, stopSignal: stop).apply(try await stack.plan(desired)) { event in
            if case .finished = event {
                Task { if await finished.increment() >= 6 { await stop.stop() } }
            }
        }
        #expect(!partial.succeeded)
        #expect(!partial.notStarted.isEmpty)

        let rest = try await stack.plan(desired)
        #expect(rest.pending.allSatisfy { $0.action == .create }, "a half-made stack only lacks resources")
        #expect(rest.count(.create) == partial.notStarted.count)
        #expect(try await stack.apply(desired).succeeded)
        #expect(!(try await stack.plan(desired)).hasChanges)
    }
}

actor Counter {
    var value = 0
    func increment() -> Int {
        value += 1
        return value
    }
}
