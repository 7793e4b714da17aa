import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// `kill -9` in the middle of an apply leaves a half-made stack; the next apply finishes it,
/// with nothing made twice.
struct KilledApplyTests {
    @Test func anApplyKilledHalfwayConvergesWhenRunAgain() async throws {
        let emulator = try await Emulator.shared.connection()
        let user = try await emulator.newUser("killed")
        let client = emulator.client(for: user)
        let network = try await EmulatorNetwork.defaultNetwork(client)
        let app = ExampleApp.uniqueName("k")
        let directory = (try ExampleApp.write(app: app, network: network) as NSString).deletingLastPathComponent
        var environment = emulator.environment(accessKeyID: user.accessKeyID, secretAccessKey: user.secretAccessKey)
        environment["SLIPWAY_DEPLOYER_ZIP"] = try PlanApplyCommandTests.standInPackage()

        // Kill ever later until the kill lands inside the apply: some resources made, not all.
        var partial = false
        for delay in [150, 300, 450, 600, 800, 1000] where !partial {
            let process = try SlipwayProcess.start(["apply", "--auto-approve", "--parallelism", "2"], environment: environment, directory: directory)
            try await Task.sleep(for: .milliseconds(delay))
            kill(process.processIdentifier, SIGKILL)
            _ = try await SlipwayProcess.waitForExit(process)
            let plan = try await SlipwayProcess.run(["plan", "--output", "json"], environment: environment, directory: directory)
            guard case .array(let changes) = try JSONValue.parse(Array(plan.stdout.utf8))["changes"] else { continue }
            partial = !changes.isEmpty && changes.count < 38
            if changes.isEmpty { break }
        }
        #expect(partial, "no kill landed halfway through the apply")

        let apply = try await SlipwayProcess.run(["apply", "--auto-approve"], environment: environment, directory: directory)
        #expect(apply.status == 0, "\(apply.stderr)")
        let plan = try await SlipwayProcess.run(["plan", "--detailed-exitcode"], environment: environment, directory: directory)
        #expect(plan.status == 0, "\(plan.stdout)")

        // Nothing twice: one task definition revision per family, four services, one function.
        let ecs = ECS(client: client)
        for environmentName in ["development", "production"] {
            for service in ["sciauth", "scireg"] {
                let revisions = try await ecs.listAllTaskDefinitions(.init(familyPrefix: "\(app)-\(environmentName)-\(service)", status: .active))
                #expect(revisions.count == 1, "\(revisions)")
            }
        }
        #expect(try await ecs.listAllServices(.init(cluster: app)).count == 4)
    }
}
