import AWSCore
import AWSServices
import Foundation
import SlipwayEngine
import SlipwayTestSupport
import Testing

/// What AWS refuses while a resource settles, and the emulator now refuses too: an update of a
/// Lambda function whose last update is still InProgress, a cluster whose services are draining.
@Suite struct SettlingTests {
    static let ready = Waiter(interval: .milliseconds(200), timeout: .seconds(30))

    /// The deployer as an older Slipway left it: another memory size, set behind Slipway's back.
    static func changeDeployerSettings(_ stack: CLIStack) async throws -> String {
        let function = "\(stack.app)-deployer"
        let lambda = Lambda(client: stack.admin)
        _ = try await lambda.waitUntilReady(functionName: function, waiter: ready)
        _ = try await lambda.updateFunctionConfiguration(.init(FunctionName: function, MemorySize: 256))
        _ = try await lambda.waitUntilReady(functionName: function, waiter: ready)
        return function
    }

    /// On the main of 2026-12-07 this apply stopped with "0 changes made": UpdateFunctionConfiguration
    /// came at once after UpdateFunctionCode and AWS (the emulator) answered ResourceConflictException.
    @Test func anUpgradeWithANewPackageAndChangedSettingsLandsBoth() async throws {
        let stack = try await CLIStack.make("up")
        try await stack.apply()
        let function = try await Self.changeDeployerSettings(stack)
        let upgraded = try CLI.standInPackage("#!/bin/sh\n# a newer deployer\n")

        let plan = try await stack.slipway(["plan", "--output", "json"], variables: ["SLIPWAY_DEPLOYER_ZIP": upgraded])
        let change = try #require(JSONValue.parse(Array(plan.stdout.utf8))["changes"]?.items.first { $0["name"]?.stringValue == function })
        #expect(Set(change["fields"]?.items.compactMap { $0["name"]?.stringValue } ?? []) == ["code sha256", "memory"])

        let apply = try await stack.slipway(["apply", "--auto-approve"], variables: ["SLIPWAY_DEPLOYER_ZIP": upgraded])
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stderr.contains("Apply complete: 1 resource changed."), "\(apply.stderr)")
        let configuration = try await Lambda(client: stack.admin).getFunction(.init(FunctionName: function)).Configuration
        let expectedHash = DeployerPackage(zip: Array(try Data(contentsOf: URL(fileURLWithPath: upgraded)))).sha256
        #expect(configuration?.CodeSha256 == expectedHash)
        #expect(configuration?.MemorySize == 128)
        let again = try await stack.slipway(["plan", "--detailed-exitcode"], variables: ["SLIPWAY_DEPLOYER_ZIP": upgraded])
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
    }

    /// The code lands and the configuration is refused (here by IAM): the summary says which part went through.
    @Test func aPartlyLandedUpdateSaysWhatWentThrough() async throws {
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"lambda:UpdateFunctionConfiguration","Resource":"*"}]}"#
        let stack = try await CLIStack.make("up", userPolicy: policy)
        try await stack.apply()
        let function = try await Self.changeDeployerSettings(stack)
        let upgraded = try CLI.standInPackage("#!/bin/sh\n# a newer deployer\n")

        let apply = try await stack.slipway(["apply", "--auto-approve"], variables: ["SLIPWAY_DEPLOYER_ZIP": upgraded])
        #expect(apply.status == 1, "\(apply.stderr)")
        #expect(apply.stderr.contains("Apply stopped: 0 changes made, 1 in part."), "\(apply.stderr)")
        #expect(apply.stderr.contains("  failed:      update lambda-function \(function) (in part: UpdateFunctionCode went through)"), "\(apply.stderr)")
    }

    /// On the main of 2026-12-07 this destroy stopped at DeleteCluster: the services' tasks were
    /// still stopping (ClusterContainsTasksException), and the roles and log groups stayed.
    @Test func destroyOfTheWebExampleWaitsForItsTasksToStop() async throws {
        let stack = try await CLIStack.make("dw")
        try await stack.apply()
        let destroy = try await stack.slipway(["destroy", "--auto-approve"])
        #expect(destroy.status == 0, "\(destroy.stderr)")
        #expect(destroy.stderr.contains("Destroy complete:"), "\(destroy.stderr)")
        let clusters = try await ECS(client: stack.admin).describeClusters(.init(clusters: [stack.app])).clusters ?? []
        #expect(clusters.allSatisfy { $0.status == "INACTIVE" }, "\(clusters)")
        let roles = try await IAM(client: stack.admin).listAllRoles().compactMap(\.RoleName).filter { $0.hasPrefix("\(stack.app)-") }
        #expect(roles == [])
        let after = try await stack.slipway(["plan", "--output", "json"])
        let creates = try JSONValue.parse(Array(after.stdout.utf8))["changes"]?.items.filter { $0["action"]?.stringValue != "create" } ?? []
        #expect(creates.isEmpty, "everything is gone, so a plan only creates: \(after.stdout)")
    }
}
