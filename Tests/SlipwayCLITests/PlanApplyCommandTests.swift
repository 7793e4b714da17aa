import AWSCore
import Foundation
import SlipwayTestSupport
import Testing

/// validate, plan, apply and destroy as a user runs them: the binary, its output and exit codes,
/// against the emulator with the user's own keys (so the emulator's call log is this test's alone).
struct PlanApplyCommandTests {
    @Test func aBadFileIsRejectedWithPositionsBeforeAnyRequest() async throws {
        let emulator = try await Emulator.shared.connection()
        let user = try await emulator.newUser("badfile")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-bad-\(UUID().uuidString.prefix(6))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try """
            app: Bad_App
            source:
              owner: hms-dbmi
              conection: arn:aws:codeconnections:us-east-1:123456789012:connection/x
            """.write(toFile: directory + "/slipway.yml", atomically: true, encoding: .utf8)
        let environment = emulator.environment(accessKeyID: user.accessKeyID, secretAccessKey: user.secretAccessKey)
        for command in [["validate"], ["plan"], ["apply", "--auto-approve"], ["destroy", "--auto-approve"]] {
            let result = try await SlipwayProcess.run(command, environment: environment, directory: directory)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains("slipway.yml:1:6: "), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("slipway.yml:4:3: ") && result.stderr.contains("did you mean 'connection'"), "\(command): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        #expect(try await emulator.calls(accessKeyID: user.accessKeyID).isEmpty, "no request may go to AWS for a bad file")
    }

    @Test func aBadWebServiceIsRejectedWithItsPositionBeforeAnyRequest() async throws {
        let emulator = try await Emulator.shared.connection()
        let user = try await emulator.newUser("badweb")
        let network = try await EmulatorNetwork.defaultNetwork(emulator.client())
        // The example with its load balancer's subnets cut to one, and a health check timeout over its interval.
        let path = try await ExampleApp.write(app: ExampleApp.uniqueName("bw"), network: network) { text in
            text.replacingOccurrences(of: "subnets: [\(network.subnets.joined(separator: ", "))]   # public", with: "subnets: [\(network.subnets[0])]   # public")
                .replacingOccurrences(of: "      health_check: /healthz\n", with: "      health_check: {path: /healthz, interval: 5s, timeout: 10s}\n")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let environment = emulator.environment(accessKeyID: user.accessKeyID, secretAccessKey: user.secretAccessKey)
        for command in [["validate"], ["plan"], ["apply", "--auto-approve"]] {
            let result = try await SlipwayProcess.run(command, environment: environment, directory: directory)
            #expect(result.status == 1, "\(command): \(result.stderr)")
            #expect(result.stderr.contains("slipway.yml:20:12: load_balancer.subnets lists one subnet"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("health_check.timeout"), "\(command): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        #expect(try await emulator.calls(accessKeyID: user.accessKeyID).isEmpty, "no request may go to AWS for a bad file")
    }

    @Test func badTriggersAndNotificationsAreRejectedBeforeAnyRequestWithoutTheWebhook() async throws {
        let emulator = try await Emulator.shared.connection()
        let user = try await emulator.newUser("badnote")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-badnote-\(UUID().uuidString.prefix(6))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // The monorepo example with a tag glob that cannot match, an absolute path and a webhook over http.
        var text = try String(contentsOfFile: Emulator.repositoryRoot.appendingPathComponent("examples/monorepo/slipway.yml").path, encoding: .utf8)
        text = text.replacingOccurrences(of: "tags: [\"v*\"]", with: "tags: [\"refs/tags/v*\"]")
            .replacingOccurrences(of: "paths: [services/api/**, libs/common/**]", with: "paths: [/services/api/**, libs/common/**]")
        try text.write(toFile: directory + "/slipway.yml", atomically: true, encoding: .utf8)
        var environment = emulator.environment(accessKeyID: user.accessKeyID, secretAccessKey: user.secretAccessKey)
        environment["LAB_CHAT_WEBHOOK"] = "http://hooks.example.org/services/T0/B0/N0tS3cr3tEnough"
        for command in [["validate"], ["plan"], ["apply", "--auto-approve"], ["status"], ["release", "api", "--env", "production"]] {
            let result = try await SlipwayProcess.run(command, environment: environment, directory: directory)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains("slipway.yml:24:12: environments.production.tags[0] 'refs/tags/v*' starts with 'refs/'"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("slipway.yml:32:13: services.api.paths[0] '/services/api/**' starts with '/'"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("slipway.yml:42:12: notifications.webhook is not an https:// URL"), "\(command): \(result.stderr)")
            #expect(!result.stderr.contains("N0tS3cr3tEnough") && result.stdout.isEmpty, "\(command)")
        }
        #expect(try await emulator.calls(accessKeyID: user.accessKeyID).isEmpty, "no request may go to AWS for a bad file")
    }

    @Test func planApplyAndDestroyTheExample() async throws {
        let emulator = try await Emulator.shared.connection()
        let user = try await emulator.newUser("cli")
        let network = try await EmulatorNetwork.defaultNetwork(emulator.client(for: user))
        let app = ExampleApp.uniqueName("c")
        let path = try await ExampleApp.write(app: app, network: network)
        let directory = (path as NSString).deletingLastPathComponent
        var environment = emulator.environment(accessKeyID: user.accessKeyID, secretAccessKey: user.secretAccessKey)
        environment["SLIPWAY_DEPLOYER_ZIP"] = try CLI.standInPackage()

        let plan = try await SlipwayProcess.run(["plan", "--detailed-exitcode"], environment: environment, directory: directory)
        #expect(plan.status == 2, "\(plan.stderr)")
        #expect(plan.stdout.contains("+ pipeline \(app)-production-sciauth"))
        #expect(plan.stdout.contains("Plan: 60 to add, 0 to change, 0 to replace, 0 to destroy."))
        // The summary names where each web service will answer.
        #expect(plan.stdout.contains("\nWeb services answer on:\n"), "\(plan.stdout)")
        #expect(plan.stdout.contains("  production/sciauth   https://authentication.\(app).example.org/\n"), "\(plan.stdout)")
        #expect(plan.stdout.contains("  development/scireg   http://<\(app)-development's address>/registration/\n"), "\(plan.stdout)")
        #expect(!plan.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")

        let refused = try await SlipwayProcess.run(["apply"], environment: environment, directory: directory)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("pass --auto-approve"))

        let apply = try await SlipwayProcess.run(["apply", "--auto-approve"], environment: environment, directory: directory)
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stderr.contains("Apply complete: 60 resources changed."))
        // The one wait that may take minutes on AWS says what it waits for.
        #expect(apply.stderr.contains("    waiting for ACM to issue the certificate of \(app).example.org (validation records written in hosted zone \(app).example.org;"),
                "\(apply.stderr)")

        let writes = try await emulator.writeCalls(of: user).count
        let again = try await SlipwayProcess.run(["apply", "--auto-approve"], environment: environment, directory: directory)
        #expect(again.status == 0)
        #expect(again.stdout.contains("No changes."))
        #expect(try await emulator.writeCalls(of: user).count == writes, "a second apply makes no write call")

        let clean = try await SlipwayProcess.run(["plan", "--detailed-exitcode", "--output", "json"], environment: environment, directory: directory)
        #expect(clean.status == 0)
        #expect(try JSONValue.parse(Array(clean.stdout.utf8))["changes"] == .array([]))

        let destroyDevelopment = try await SlipwayProcess.run(["destroy", "--env", "development", "--auto-approve"], environment: environment, directory: directory)
        #expect(destroyDevelopment.status == 0, "\(destroyDevelopment.stderr)")
        #expect(destroyDevelopment.stdout.contains("- pipeline \(app)-development-sciauth"))
        #expect(!destroyDevelopment.stdout.contains("production"))

        let destroy = try await SlipwayProcess.run(["destroy", "--auto-approve"], environment: environment, directory: directory)
        #expect(destroy.status == 0, "\(destroy.stderr)")
        let after = try await SlipwayProcess.run(["plan", "--output", "json"], environment: environment, directory: directory)
        guard case .array(let changes) = try JSONValue.parse(Array(after.stdout.utf8))["changes"] else { Issue.record("no changes array"); return }
        #expect(changes.count == 60 && changes.allSatisfy { $0["action"] == .string("create") }, "destroy leaves nothing behind")
    }

    @Test func theWrongAccountIsRefusedBeforeAnyChange() async throws {
        let emulator = try await Emulator.shared.connection()
        let user = try await emulator.newUser("account")
        let network = try await EmulatorNetwork.defaultNetwork(emulator.client(for: user))
        let path = try await ExampleApp.write(app: ExampleApp.uniqueName("a"), network: network) {
            $0.replacingOccurrences(of: #"account: "123456789012""#, with: #"account: "210987654321""#)
        }
        var environment = emulator.environment(accessKeyID: user.accessKeyID, secretAccessKey: user.secretAccessKey)
        environment["SLIPWAY_DEPLOYER_ZIP"] = try CLI.standInPackage()
        let result = try await SlipwayProcess.run(["apply", "--auto-approve"], environment: environment, directory: (path as NSString).deletingLastPathComponent)
        #expect(result.status == 1)
        #expect(result.stderr.contains("slipway.yml is for account 210987654321, but the credentials are for account 123456789012"))
        #expect(try await emulator.writeCalls(of: user).isEmpty)
    }
}
