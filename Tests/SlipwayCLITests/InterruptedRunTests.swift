import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// Ctrl-C and `kill -9` at many points of `apply` and `destroy`: Ctrl-C lets the calls under way
/// finish, starts nothing new, frees the app's lock, exits 130 and says how many changes it made,
/// which is exactly what the next plan no longer has to do; after either (and, after a kill,
/// `slipway unlock`), running the command again converges.
struct InterruptedRunTests {
    struct Stack {
        let app: String
        let directory: String
        let environment: [String: String]
        let client: AWSClient

        func run(_ arguments: [String]) async throws -> SlipwayProcess.Result {
            try await SlipwayProcess.run(arguments, environment: environment, directory: directory)
        }

        /// The active task definition revisions of each of the example's four families.
        func activeRevisions() async throws -> [String: [String]] {
            let ecs = ECS(client: client)
            var revisions: [String: [String]] = [:]
            for environment in ["development", "production"] {
                for service in ["sciauth", "scireg"] {
                    let family = "\(app)-\(environment)-\(service)"
                    revisions[family] = try await ecs.listAllTaskDefinitions(.init(familyPrefix: family, status: .active))
                }
            }
            return revisions
        }

        /// The changes a plan still finds, as (action, address) pairs.
        func pendingChanges() async throws -> [JSONValue] {
            let plan = try await run(["plan", "--output", "json"])
            try #require(plan.status == 0, "\(plan.stderr)")
            return try JSONValue.parse(Array(plan.stdout.utf8))["changes"]?.items ?? []
        }

        /// Runs `arguments` and sends `signal` once it has reported `changes` finished changes
        /// (its `✓` progress lines), or as soon as it ends; returns the exit status and output.
        /// `endpoint`: where the command's AWS calls go (a slower way to the emulator).
        func interrupt(_ arguments: [String], with signal: Int32, afterChanges changes: Int, endpoint: String) async throws -> (status: Int32, output: String) {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-interrupt-\(UUID().uuidString.prefix(6)).log").path
            defer { try? FileManager.default.removeItem(atPath: output) }
            let process = try SlipwayProcess.start(arguments, environment: environment.merging(["AWS_ENDPOINT_URL": endpoint]) { $1 },
                                                   directory: directory, output: output)
            try await eventually("\(changes) finished changes, or the end of slipway \(arguments.joined(separator: " "))",
                                 timeout: .seconds(300), interval: .milliseconds(2)) {
                let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
                return !process.isRunning || text.components(separatedBy: "✓").count - 1 >= changes
            }
            kill(process.processIdentifier, signal)
            let status = try await SlipwayProcess.waitForExit(process)
            return (status, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
        }
    }

    static func makeStack(_ prefix: String, on given: EmulatorConnection? = nil) async throws -> Stack {
        let emulator = if let given { given } else { try await Emulator.shared.connection() }
        let user = try await emulator.newUser(prefix)
        let network = try await EmulatorNetwork.defaultNetwork(emulator.client(for: user))
        let app = ExampleApp.uniqueName(prefix)
        let path = try await ExampleApp.write(app: app, network: network, on: emulator)
        var environment = emulator.environment(accessKeyID: user.accessKeyID, secretAccessKey: user.secretAccessKey)
        environment["SLIPWAY_DEPLOYER_ZIP"] = try CLI.standInPackage()
        return Stack(app: app, directory: (path as NSString).deletingLastPathComponent, environment: environment,
                     client: emulator.client(for: user))
    }

    /// Interrupts `command` after 1, 3, 6, … finished changes in turn, each run picking up from
    /// the last; checks what every Ctrl-C reports against the plan after it. Returns how many
    /// runs stopped midway (some changes made, not all).
    static func interruptRepeatedly(_ stack: Stack, _ command: [String], signal: Int32, endpoint: String,
                                    remaining: () async throws -> Int) async throws -> Int {
        var midway = 0
        for changes in [1, 3, 6, 10] {
            let before = try await remaining()
            guard before > 0 else { break }
            let (status, output) = try await stack.interrupt(command + ["--parallelism", "2"], with: signal, afterChanges: changes, endpoint: endpoint)
            let after = try await remaining()
            if signal == SIGINT {
                #expect([0, 130].contains(status), "Ctrl-C: \(output)")
                if status == 130 {
                    #expect(output.contains("Interrupted: changes under way finished; nothing new was started."), "\(output)")
                    let made = try #require(output.firstMatch(of: /stopped: (\d+) changes? made\./).flatMap { Int($0.1) }, "\(output)")
                    #expect(made >= changes, "the changes reported before Ctrl-C are counted: \(made)")
                    #expect(after == before - made, "the summary's \(made) changes are what the plan no longer has (\(before) → \(after))")
                    #expect(!output.contains("slipway: error"), "a clean stop, not an error: \(output)")
                }
            } else {
                #expect(status == 128 + SIGKILL)
                // A killed run leaves the app's lock: free it, as its message says.
                let plan = try await stack.run(["plan"])
                if let id = plan.stderr.firstMatch(of: /lock ID ([0-9a-f-]{36})/)?.output.1 {
                    let unlocked = try await stack.run(["unlock", String(id)])
                    #expect(unlocked.status == 0, "\(unlocked.stderr)")
                }
            }
            if after > 0 && after < before { midway += 1 }
        }
        return midway
    }

    @Test(arguments: [SIGINT, SIGKILL])
    func applyAndDestroyInterruptedAtManyPointsConverge(_ signal: Int32) async throws {
        let stack = try await Self.makeStack(signal == SIGINT ? "int" : "kil")
        let total = try await stack.pendingChanges().count
        #expect(total == 60)
        // The interrupted runs call AWS through the fault proxy with 40 ms added to every call
        // (no faults): a run then takes seconds, so each signal lands midway however busy the machine.
        let proxy = try await FaultInjectionTests.FaultProxy(upstream: try #require(stack.environment["AWS_ENDPOINT_URL"]), rate: 1, seed: 1,
                                                             faults: ["latency"], latencyMilliseconds: 40)
        defer { proxy.stop() }

        let applyMidway = try await Self.interruptRepeatedly(stack, ["apply", "--auto-approve"], signal: signal, endpoint: proxy.endpoint) {
            try await stack.pendingChanges().count
        }
        #expect(applyMidway >= 3, "interruptions landed inside the apply")
        let apply = try await stack.run(["apply", "--auto-approve"])
        #expect(apply.status == 0, "\(apply.stderr)")
        let clean = try await stack.run(["plan", "--detailed-exitcode"])
        #expect(clean.status == 0, "converged after the interruptions: \(clean.stdout)")
        // Nothing made twice: one task definition revision per family, four services.
        for (family, revisions) in try await stack.activeRevisions() {
            #expect(revisions.count == 1, "\(family): \(revisions)")
        }
        #expect(try await ECS(client: stack.client).listAllServices(.init(cluster: stack.app)).count == 4)

        // Destroying: what is left to destroy is what a plan would create again.
        let destroyMidway = try await Self.interruptRepeatedly(stack, ["destroy", "--auto-approve"], signal: signal, endpoint: proxy.endpoint) {
            try await total - stack.pendingChanges().count
        }
        #expect(destroyMidway >= 3, "interruptions landed inside the destroy")
        let destroy = try await stack.run(["destroy", "--auto-approve"])
        #expect(destroy.status == 0, "\(destroy.stderr)")
        let empty = try await stack.pendingChanges()
        #expect(empty.count == total && empty.allSatisfy { $0["action"]?.stringValue == "create" }, "destroy finished after the interruptions")
    }
}
