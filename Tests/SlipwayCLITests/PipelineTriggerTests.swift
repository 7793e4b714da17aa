import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// The monorepo example (examples/monorepo) against the emulator: V2 pipelines whose triggers the
/// emulator's simulated pushes honour, execution modes, and notifications to an SNS topic and a
/// webhook (an API destination the emulator records instead of calling).
struct PipelineTriggerTests {
    static let webhook = "https://hooks.chat.example.org/services/T0/B0/W3bh00kS3cr3t"

    struct Stack {
        let cli: CLIStack
        var app: String { cli.app }
        var repository: String { "acme-lab/\(cli.app)-platform" }

        func slipway(_ arguments: [String], as keys: EmulatorConnection.UserKeys? = nil) async throws -> SlipwayProcess.Result {
            let environment = keys.map(cli.environment(for:)) ?? cli.environment
            return try await SlipwayProcess.run(arguments, environment: environment.merging(["LAB_CHAT_WEBHOOK": webhook]) { $1 },
                                                directory: cli.directory)
        }

        func apply() async throws {
            let result = try await slipway(["apply", "--auto-approve"])
            try #require(result.status == 0, "apply failed: \(result.stderr)")
        }

        /// A push to the repository: the pipelines it started and those it did not.
        func push(branch: String? = nil, tag: String? = nil, files: [String] = []) async throws -> (started: [String], skipped: [String]) {
            var body: [String: JSONValue] = ["repository": .string(repository), "files": .array(files.map(JSONValue.string))]
            if let branch { body["branch"] = .string(branch) }
            if let tag { body["tag"] = .string(tag) }
            let reply = try await EmulatorControl.postReading(cli.emulator, "/_slipway/push", body)
            func names(_ key: String) -> [String] {
                guard case .array(let items)? = reply[key] else { return [] }
                return items.compactMap { $0["pipeline"]?.stringValue }.filter { $0.hasPrefix("\(app)-") }.sorted()
            }
            return (names("started"), names("skipped"))
        }

        func executions(_ pipeline: String) async throws -> [CodePipeline.PipelineExecutionSummary] {
            try await CodePipeline(client: cli.admin).listPipelineExecutions(.init(pipelineName: pipeline)).pipelineExecutionSummaries ?? []
        }

        /// The emulator's deliveries for this stack's rules.
        func deliveries() async throws -> [JSONValue] {
            guard case .array(let items) = try await EmulatorControl.getReading(cli.emulator, "/_slipway/deliveries") else { return [] }
            return items.filter { $0["rule"]?.stringValue?.hasPrefix("\(app)-") == true }
        }
    }

    /// A stack of the monorepo example, applied, with a repository of its own.
    static func stack(_ prefix: String, stageSeconds: Double = 0.3, applied: Bool = true, edit: (String) -> String = { $0 }) async throws -> Stack {
        let cli = try await CLIStack.make(prefix, stageSeconds: stageSeconds)
        let network = try await EmulatorNetwork.defaultNetwork(cli.admin)
        var text = try String(contentsOfFile: Emulator.repositoryRoot.appendingPathComponent("examples/monorepo/slipway.yml").path, encoding: .utf8)
        text = text.replacingOccurrences(of: "app: lab", with: "app: \(cli.app)")
            .replacingOccurrences(of: "name: lab", with: "name: \(cli.app)")
            .replacingOccurrences(of: "repo: lab-platform", with: "repo: \(cli.app)-platform")
            .replacingOccurrences(of: "subnets: [subnet-0a1b2c3d4e5f60718]", with: "subnets: [\(network.subnets.joined(separator: ", "))]")
            .replacingOccurrences(of: "security_groups: [sg-0a1b2c3d4e5f60718]", with: "security_groups: [\(network.securityGroups.joined(separator: ", "))]")
            .replacing(/arn:aws:codeconnections:[^\s]+/, with: cli.connection)
        try edit(text).write(toFile: cli.path, atomically: true, encoding: .utf8)
        let stack = Stack(cli: cli)
        if applied { try await stack.apply() }
        return stack
    }

    @Test func aPushStartsOnlyThePipelinesOfTheFoldersItTouches() async throws {
        let stack = try await Self.stack("mono")
        let app = stack.app
        let writes = try await stack.cli.emulator.writeCalls(of: stack.cli.user).count
        try await stack.apply()
        #expect(try await stack.cli.emulator.writeCalls(of: stack.cli.user).count == writes, "a second apply makes no write")
        let api = try await stack.push(branch: "main", files: ["services/api/handlers.py", "README.md"])
        #expect(api.started == ["\(app)-development-api"])
        #expect(api.skipped == ["\(app)-development-worker", "\(app)-production-api", "\(app)-production-worker"])

        let shared = try await stack.push(branch: "main", files: ["libs/common/db.py"])
        #expect(shared.started == ["\(app)-development-api", "\(app)-development-worker"])

        // The worker excludes Markdown: a change to its README alone starts nothing.
        let docs = try await stack.push(branch: "main", files: ["services/worker/README.md"])
        #expect(docs.started.isEmpty)

        // Production deploys tags only: a matching tag starts both of its pipelines, whatever the files.
        let release = try await stack.push(tag: "v1.4.0")
        #expect(release.started == ["\(app)-production-api", "\(app)-production-worker"])
        let other = try await stack.push(tag: "nightly-2026-12-01")
        #expect(other.started.isEmpty)
        #expect(try await stack.executions("\(app)-production-api").count == 1)
        #expect(try await stack.executions("\(app)-development-worker").count == 1)
    }

    @Test func queuedRunsWaitTheirTurnAndSupersededOnesGiveWay() async throws {
        // Development supersedes, a staging copy of it queues; both wait for an approval, so the
        // second and third runs of each come to wait for the Approve stage the first one holds,
        // however slow the machine. One push starts both.
        let stack = try await Self.stack("queue") { text in
            text.replacingOccurrences(of: "  development:\n    branch: main\n", with: "  development:\n    branch: main\n    approval: true\n")
                .replacingOccurrences(of: "  production:\n", with: "  staging:\n    branch: main\n    queue: true\n    approval: true\n  production:\n")
        }
        let app = stack.app
        let development = "\(app)-development-api", staging = "\(app)-staging-api"
        for commit in ["1", "2", "3"] {
            let pushed = try await stack.push(branch: "main", files: ["services/api/v\(commit).py"])
            #expect(pushed.started == [development, staging])
        }
        try await eventually("the second run of \(development) superseded by the third", timeout: .seconds(90)) {
            try await stack.executions(development).contains { $0.status == .superseded }
        }
        try await eventually("the runs of both pipelines ending, each approval answered", timeout: .seconds(120)) {
            try await Self.approveWaitingRun(stack, development)
            try await Self.approveWaitingRun(stack, staging)
            let runs = try await stack.executions(development) + stack.executions(staging)
            return runs.count == 6 && runs.allSatisfy { $0.status != .inProgress }
        }
        let superseding = try await stack.executions(development).map(\.status)
        #expect(superseding == [.succeeded, .superseded, .succeeded], "newest first: \(superseding)")
        let queued = try await stack.executions(staging).map(\.status)
        #expect(queued == [.succeeded, .succeeded, .succeeded], "every queued run deploys, in turn: \(queued)")

        let status = try await stack.slipway(["status", "--env", "staging", "--service", "api"])
        #expect(status.stdout.contains("trigger   push to main touching services/api/**, libs/common/** · QUEUED"), "\(status.stdout)")
    }

    /// Approves the run waiting at the pipeline's Approve stage, if one is.
    static func approveWaitingRun(_ stack: Stack, _ pipeline: String) async throws {
        let codePipeline = CodePipeline(client: stack.cli.admin)
        let state = try await codePipeline.getPipelineState(.init(name: pipeline))
        guard let token = state.stageStates?.first(where: { $0.stageName == "Approve" })?.actionStates?.first?.latestExecution?.token
        else { return }
        _ = try await codePipeline.putApprovalResult(.init(
            pipelineName: pipeline, stageName: "Approve", actionName: "Approve",
            result: .init(summary: "ok", status: .approved), token: token))
    }

    @Test func aFailedRunSendsOneMessageToEachTargetAndTheWebhookStaysSecret() async throws {
        let stack = try await Self.stack("note")
        let app = stack.app
        var outputs: [String] = []
        let plan = try await stack.slipway(["plan"])
        #expect(plan.stdout.contains("No changes."), "a second plan: \(plan.stdout)")
        outputs += [plan.stdout, plan.stderr]

        try await stack.cli.script(["pipeline": .string("\(app)-development-worker"), "failStage": .string("Build"),
                                    "message": .string("docker build failed at step 4/9")])
        let pushed = try await stack.push(branch: "main", files: ["services/worker/main.py"])
        #expect(pushed.started == ["\(app)-development-worker"])
        try await eventually("the worker's run failing", timeout: .seconds(30)) {
            try await stack.executions("\(app)-development-worker").first?.status == .failed
        }
        let rule = "\(app)-development-notifications"
        let deliveries = try await stack.deliveries().filter { $0["rule"]?.stringValue == rule }
        let bySNS = deliveries.filter { $0["kind"]?.stringValue == "sns" }
        let byWebhook = deliveries.filter { $0["kind"]?.stringValue == "api-destination" }
        #expect(bySNS.count == 1 && byWebhook.count == 1, "\(deliveries)")
        let line = "Slipway \(app): \(app)-development-worker Build FAILED (action Build, execution "
        #expect(bySNS.first?["body"]?.stringValue?.hasPrefix(line) == true, "\(bySNS)")
        #expect(byWebhook.first?["endpoint"]?.stringValue == Self.webhook, "the emulator saw the URL Slipway set")
        let body = try #require(byWebhook.first?["body"]?.stringValue)
        #expect(try JSONValue.parse(Array(body.utf8))["text"]?.stringValue?.hasPrefix(line) == true, "\(body)")

        for arguments in [["status"], ["status", "--output", "json"], ["plan", "--output", "json"], ["apply", "--auto-approve"]] {
            let result = try await stack.slipway(arguments)
            #expect(result.status == 0 || arguments == ["status"], "\(arguments): \(result.stderr)")
            outputs += [result.stdout, result.stderr]
        }
        #expect(outputs.joined().contains("lab-ops@example.org"))
        #expect(!outputs.joined().contains("W3bh00kS3cr3t"), "the webhook's URL never leaves AWS")
    }

    @Test func statusShowsUnconfirmedAddressesUntilTheyConfirm() async throws {
        let stack = try await Self.stack("mail")
        let app = stack.app
        let before = try await stack.slipway(["status", "--env", "production"])
        #expect(before.stdout.contains("notifications  ↻ lab-ops@example.org (unconfirmed)  ✓ webhook · on failed, approval"), "\(before.stdout)")
        #expect(before.stdout.contains("lab-ops@example.org has not confirmed its subscription"))
        try await EmulatorControl.post(stack.cli.emulator, "/_slipway/confirm-subscription", [
            "topicArn": .string("arn:aws:sns:us-east-1:123456789012:\(app)-production-notifications"),
            "endpoint": .string("lab-ops@example.org"),
        ])
        let after = try await stack.slipway(["status", "--env", "production", "--output", "json"])
        let document = try JSONValue.parse(Array(after.stdout.utf8))
        let notifications = document["environments"]?[0]?["notifications"]
        #expect(notifications?["email"]?[0]?["confirmed"] == .bool(true), "\(after.stdout)")
        #expect(notifications?["webhook"]?["connectionState"]?.stringValue == "AUTHORIZED")
        #expect(notifications?["ruleState"]?.stringValue == "ENABLED")
    }

    @Test func theOperatorPolicyCoversTriggersAndNotifications() async throws {
        let stack = try await Self.stack("npol", applied: false)
        let printed = try await stack.slipway(["operator-policy"])
        try #require(printed.status == 0, "\(printed.stderr)")
        let sids = try JSONValue.parse(Array(printed.stdout.utf8))["Statement"]!.items.compactMap { $0["Sid"]?.stringValue }
        #expect(["NotifyRoles", "PassNotifyRoles", "NotificationRules", "NotificationTopics", "Webhooks", "WebhookSecrets"].allSatisfy(sids.contains), "\(sids)")
        let operator_ = try await stack.cli.emulator.newUser("notify", policy: printed.stdout)
        for step in [["apply", "--auto-approve"], ["plan", "--detailed-exitcode"], ["status"], ["destroy", "--auto-approve"]] {
            let result = try await stack.slipway(step, as: operator_)
            #expect(result.status == 0 || (step == ["status"] && result.status == 1 && !result.stderr.contains("AccessDenied")),
                    "\(step): \(result.stderr)")
        }
        let events = EventBridge(client: stack.cli.admin)
        for name in ["development", "production"].map({ "\(stack.app)-\($0)-notifications" }) {
            await #expect(throws: AWSError.self, "destroy deleted the rule \(name)") { try await events.describeRule(.init(Name: name)) }
        }
        await #expect(throws: AWSError.self, "destroy deleted the webhook") {
            try await events.describeApiDestination(.init(Name: "\(stack.app)-production-webhook"))
        }
    }

    @Test func releaseOfATagEnvironmentRepeatsTheNewestTaggedRun() async throws {
        let stack = try await Self.stack("tagrel")
        let app = stack.app
        let none = try await stack.slipway(["release", "api", "--env", "production"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("\(app)-production-api deploys pushed tags (v*) and no tag has started it yet"), "\(none.stderr)")

        let commit = String(repeating: "ab12", count: 10)
        _ = try await stack.push(tag: "v2.0.0").started
        try await EmulatorControl.post(stack.cli.emulator, "/_slipway/push", [
            "repository": .string(stack.repository), "tag": .string("v2.0.1"), "commit": .string(commit)])
        let again = try await stack.slipway(["release", "api", "--env", "production"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("production deploys tags: repeating the newest tagged release, commit \(commit.prefix(12))."), "\(again.stderr)")
        let newest = try #require(try await stack.executions("\(app)-production-api").first)
        #expect(newest.sourceRevisions?.first?.revisionId == commit)

        // Run in a checkout of the repository: --tag and the newest matching tag come from it.
        let v1 = try Self.commit(in: stack.cli.directory, origin: "https://github.com/\(stack.repository).git", date: "2026-11-01T10:00:00Z", tags: ["v1.0.0"])
        let v11 = try Self.commit(in: stack.cli.directory, origin: nil, date: "2026-11-20T10:00:00Z", tags: ["v1.1.0", "nightly"])
        let newestTag = try await stack.slipway(["release", "api", "--env", "production"])
        #expect(newestTag.status == 0, "\(newestTag.stderr)")
        #expect(newestTag.stderr.contains("production deploys tags: deploying v1.1.0, the newest matching v*, commit \(v11.prefix(12))."), "\(newestTag.stderr)")
        #expect(try await stack.executions("\(app)-production-api").first?.sourceRevisions?.first?.revisionId == v11)
        let older = try await stack.slipway(["release", "api", "--env", "production", "--tag", "v1.0.0"])
        #expect(older.status == 0 && older.stderr.contains("Deploying v1.0.0, commit \(v1.prefix(12))."), "\(older.stderr)")
        #expect(try await stack.executions("\(app)-production-api").first?.sourceRevisions?.first?.revisionId == v1)
        let unmatched = try await stack.slipway(["release", "api", "--env", "production", "--tag", "nightly"])
        #expect(unmatched.status == 1 && unmatched.stderr.contains("production deploys tags matching v*, and nightly matches none of them"), "\(unmatched.stderr)")
        let missing = try await stack.slipway(["release", "api", "--env", "development", "--tag", "v9.9.9"])
        #expect(missing.status == 1 && missing.stderr.contains("has no tag v9.9.9; create it, or fetch tags (git fetch --tags)"), "\(missing.stderr)")

        let bad = try await stack.slipway(["release", "api", "--env", "production", "--commit", "v2.0.1"])
        #expect(bad.status == 2 || bad.status == 64, "\(bad.status) \(bad.stderr)")
        #expect(bad.stderr.contains("--commit 'v2.0.1' is not a full commit SHA"))
    }
}

extension PipelineTriggerTests {
    /// A commit (with the given date) in a Git repository at `directory`, made there on first use
    /// with `origin`; tagged with `tags`. Its SHA.
    static func commit(in directory: String, origin: String?, date: String, tags: [String]) throws -> String {
        func git(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "-C", directory, "-c", "user.name=Test", "-c", "user.email=test@example.org"] + arguments
            process.environment = ["GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0, "git \(arguments)")
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let origin {
            _ = try git(["init", "-q"])
            _ = try git(["remote", "add", "origin", origin])
        }
        _ = try git(["commit", "-q", "--allow-empty", "-m", "release \(tags.first ?? "")"])
        for tag in tags { _ = try git(["tag", tag]) }
        return try git(["rev-parse", "HEAD"])
    }
}

/// A pipeline an earlier Slipway made (V1, no triggers) becomes V2 in place.
struct PipelineConversionTests {
    @Test func aVersion1PipelineIsConvertedInPlace() async throws {
        let stack = try await CLIStack.make("conv")
        try await stack.apply()
        let name = "\(stack.app)-development-sciauth"
        let codePipeline = CodePipeline(client: stack.admin)
        var declaration = try #require(try await codePipeline.getPipeline(.init(name: name)).pipeline)
        declaration.pipelineType = .v1
        declaration.triggers = nil
        declaration.executionMode = nil
        _ = try await codePipeline.updatePipeline(.init(pipeline: declaration))

        let plan = try await stack.slipway(["plan"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("~ pipeline \(name)\n      pipeline type: V1 -> V2\n"), "\(plan.stdout)")
        #expect(plan.stdout.contains("Plan: 0 to add, 1 to change, 0 to replace, 0 to destroy."), "\(plan.stdout)")

        let writesBefore = try await stack.emulator.writeCalls(of: stack.user).count
        try await stack.apply()
        let converted = try #require(try await codePipeline.getPipeline(.init(name: name)).pipeline)
        #expect(converted.pipelineType == .v2 && converted.executionMode == .superseded)
        #expect(converted.triggers?.first?.gitConfiguration?.push?.first?.branches?.includes == ["development"])
        let writes = try await stack.emulator.writeCalls(of: stack.user).dropFirst(writesBefore).compactMap(\.action)
        #expect(writes.allSatisfy { $0 == "UpdatePipeline" || $0 == "TagResource" }, "\(writes)")

        let afterwards = try await stack.emulator.writeCalls(of: stack.user).count
        try await stack.apply()
        #expect(try await stack.emulator.writeCalls(of: stack.user).count == afterwards, "a second apply makes no write")
    }
}
