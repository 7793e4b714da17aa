import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// `slipway status` against the emulator: a fresh stack, a PENDING GitHub connection, failed runs.
struct StatusCommandTests {
    /// Status until every ECS rollout has settled (the emulator rolls out in a fraction of a second).
    static func settledStatus(_ stack: CLIStack, _ arguments: [String] = []) async throws -> SlipwayProcess.Result {
        try await eventually("every ECS rollout of \(stack.app) settling", timeout: .seconds(30), interval: .milliseconds(200)) {
            try await !stack.slipway(["status", "--output", "json"] + arguments).stdout.contains("\"IN_PROGRESS\"")
        }
        return try await stack.slipway(["status"] + arguments)
    }

    @Test func statusOfAFreshStack() async throws {
        let stack = try await CLIStack.make("sfresh")
        try await stack.apply()
        let status = try await Self.settledStatus(stack)
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stderr.contains("Reading the status of \(stack.app) in 123456789012/us-east-1…"))
        let lines = status.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "\(stack.app) · account 123456789012 · us-east-1")
        #expect(lines.contains("GitHub connection \(stack.app)-github: ✓ AVAILABLE"))
        #expect(lines.contains("development") && lines.contains("production"))
        #expect(lines.contains("  sciauth  · never run"), "\(status.stdout)")
        #expect(lines.contains("    pipeline  · Source  · Build  · Deploy"))
        #expect(lines.contains("    pipeline  · Source  · Build  · Approve  · Deploy"))
        #expect(lines.contains("    service   ✓ COMPLETED  1/1 running · \(stack.app)-development-sciauth:1"), "\(status.stdout)")
        #expect(lines.contains("    service   ✓ COMPLETED  2/2 running · \(stack.app)-production-sciauth:1"), "production runs two")
        // Right after the first apply nothing has been built: every revision 1 names the `:latest`
        // placeholder. Not healthy, though nothing has failed.
        let image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/\(stack.app)/sciauth:latest"
        #expect(lines.contains("    ↻ never built: \(stack.app)-development-sciauth:1 names \(image), the placeholder 'apply' registers "
            + "before the first build; its pipeline's first run builds and deploys the service ('slipway release sciauth --env development')"),
                "\(status.stdout)")
        #expect(lines.suffix(2).first == "Not healthy yet: 4 services still settling.")
        #expect(!status.stdout.contains("All healthy"))
        #expect(!status.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")

        let json = try await stack.slipway(["status", "--output", "json"])
        let document = try JSONValue.parse(Array(json.stdout.utf8))
        #expect(document["healthy"] == .bool(false))
        #expect(document["problems"] == .array([]))
        guard case .array(let settling)? = document["settling"] else { Issue.record("no settling"); return }
        #expect(settling.count == 4)
        #expect(settling.first?.stringValue?.hasPrefix("development/sciauth: never built: ") == true)
        #expect(document["connection"]?["status"]?.stringValue == "AVAILABLE")
        guard case .array(let environments)? = document["environments"] else { Issue.record("no environments"); return }
        #expect(environments.compactMap { $0["name"]?.stringValue } == ["development", "production"])
        for environment in environments {
            guard case .array(let services)? = environment["services"] else { Issue.record("no services"); continue }
            #expect(services.compactMap { $0["service"]?.stringValue } == ["sciauth", "scireg"])
            for service in services {
                #expect(service["pipeline"]?["exists"] == .bool(true))
                #expect(service["pipeline"]?["latestExecution"] == nil, "never run")
                #expect(service["ecs"]?["revision"] == .number(1))
                #expect(service["ecs"]?["imagePushed"] == .bool(false))
                #expect(service["ecs"]?["neverBuilt"] == .bool(true))
            }
        }
    }

    @Test func aServiceIsHealthyOnceReleased() async throws {
        let stack = try await CLIStack.make("shealthy")
        try await stack.apply()
        let release = try await stack.slipway(["release", "sciauth", "--env", "development", "--wait"])
        #expect(release.status == 0, "\(release.stderr)")
        let status = try await Self.settledStatus(stack, ["--env", "development", "--service", "sciauth"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("    service   ✓ COMPLETED  1/1 running · \(stack.app)-development-sciauth:2"), "\(status.stdout)")
        #expect(!status.stdout.contains("never built"))
        // A web service: its load balancer's address and its targets, the new task healthy.
        #expect(status.stdout.contains("    url       http://\(stack.app)-development-"), "\(status.stdout)")
        #expect(status.stdout.contains("    targets   ✓ 1 healthy"), "\(status.stdout)")
        #expect(status.stdout.hasSuffix("\nAll healthy.\n"), "\(status.stdout)")

        let json = try await stack.slipway(["status", "--env", "development", "--service", "sciauth", "--output", "json"])
        let document = try JSONValue.parse(Array(json.stdout.utf8))
        #expect(document["healthy"] == .bool(true))
        #expect(document["settling"] == .array([]))
        let web = document["environments"]?[0]?["services"]?[0]?["web"]
        #expect(web?["url"]?.stringValue?.hasPrefix("http://\(stack.app)-development-") == true)
        #expect(web?["targets"]?.items.contains { $0["state"]?.stringValue == "healthy" } == true)
        let ecs = document["environments"]?[0]?["services"]?[0]?["ecs"]
        #expect(ecs?["imagePushed"] == .bool(true))
        #expect(ecs?["neverBuilt"] == .bool(false))
        #expect(ecs?["image"]?.stringValue?.contains("/\(stack.app)/sciauth@sha256:") == true)

        // Production's sciauth still runs its placeholder, though the build pushed a `latest` that
        // it names: a build deployed to development only. The whole app is not healthy yet.
        let whole = try await Self.settledStatus(stack)
        #expect(whole.stdout.contains("    ↻ never built: \(stack.app)-production-sciauth:1"), "\(whole.stdout)")
        #expect(whole.stdout.hasSuffix("\nNot healthy yet: 3 services still settling.\n"), "\(whole.stdout)")
    }

    /// The CodePipeline calls of one `slipway` run, by action.
    static func pipelineCalls(_ stack: CLIStack, during body: () async throws -> Void) async throws -> [String: Int] {
        let before = try await stack.emulator.calls(accessKeyID: stack.user.accessKeyID).count
        try await body()
        let calls = try await stack.emulator.calls(accessKeyID: stack.user.accessKeyID).dropFirst(before)
        return calls.filter { $0.service == "codepipeline" }.reduce(into: [:]) { counts, call in counts[call.action ?? "?", default: 0] += 1 }
    }

    /// One GetPipelineState a pipeline: the definition comes from the listings (its fingerprint
    /// still the file's) and the latest run from the state, unless a pipeline was changed behind
    /// Slipway's back or runs in another mode; JSON lists the executions for their trigger and times.
    @Test func statusReadsEachPipelineOnce() async throws {
        let stack = try await CLIStack.make("sonce")
        try await stack.apply()
        let release = try await stack.slipway(["release", "sciauth", "--env", "development", "--wait"])
        #expect(release.status == 0, "\(release.stderr)")
        _ = try await Self.settledStatus(stack)

        var text = ""
        let once = try await Self.pipelineCalls(stack) { text = try await stack.slipway(["status"]).stdout }
        #expect(once == ["GetPipelineState": 4, "ListPipelines": 1], "\(once)")
        let execution = try await CodePipeline(client: stack.admin).listPipelineExecutions(
            .init(pipelineName: "\(stack.app)-development-sciauth", maxResults: 1)).pipelineExecutionSummaries?.first
        let commit = try #require(execution?.sourceRevisions?.first?.revisionId)
        #expect(text.contains("  sciauth  ✓ Succeeded  \(commit.prefix(7)) \"Simulated change \(commit.prefix(7))\""), "\(text)")
        #expect(text.contains("    trigger   push to development · SUPERSEDED"), "\(text)")

        let json = try await Self.pipelineCalls(stack) { _ = try await stack.slipway(["status", "--output", "json"]) }
        #expect(json == ["GetPipelineState": 4, "ListPipelines": 1, "ListPipelineExecutions": 4], "\(json)")

        // Someone puts one pipeline in QUEUED mode by hand: that one is read whole, and its runs listed.
        let codePipeline = CodePipeline(client: stack.admin)
        var declaration = try #require(try await codePipeline.getPipeline(.init(name: "\(stack.app)-development-scireg")).pipeline)
        declaration.executionMode = .queued
        _ = try await codePipeline.updatePipeline(.init(pipeline: declaration))
        var drifted = ""
        let changed = try await Self.pipelineCalls(stack) { drifted = try await stack.slipway(["status"]).stdout }
        #expect(changed == ["GetPipelineState": 4, "ListPipelines": 1, "GetPipeline": 1, "ListPipelineExecutions": 1], "\(changed)")
        #expect(drifted.contains("    trigger   push to development · QUEUED"), "\(drifted)")
    }

    @Test func aPendingConnectionIsReportedWithWhatToDo() async throws {
        let stack = try await CLIStack.make("spend", connectionStatus: "PENDING")
        try await stack.apply()
        let status = try await Self.settledStatus(stack, ["--env", "production", "--service", "scireg"])
        #expect(status.status == 0)
        #expect(status.stdout.contains("GitHub connection \(stack.app)-github: ! PENDING"))
        #expect(status.stdout.contains("'Update pending connection'"), "\(status.stdout)")
        #expect(!status.stdout.contains("development"), "--env keeps one environment")
        #expect(status.stdout.lines(containing: "never run").count == 1, "--service keeps one service")
        #expect(status.stdout.hasSuffix("1 problem; 1 service still settling.\n"), "never built, too: \(status.stdout)")

        let json = try await stack.slipway(["status", "--output", "json"])
        let document = try JSONValue.parse(Array(json.stdout.utf8))
        #expect(document["healthy"] == .bool(false))
        #expect(document["problems"]?[0]?.stringValue?.contains("is PENDING") == true)

        let unknown = try await stack.slipway(["status", "--env", "staging"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "slipway: error: no environment 'staging' in slipway.yml; it has development, production\n")
    }

    @Test func statusOfAStackWithAFailedDeploy() async throws {
        let stack = try await CLIStack.make("sfail")
        try await stack.apply()
        // scireg's new tasks fail to start: ECS's circuit breaker fails the rollout and rolls back.
        let reason = "tasks failed to start: CannotPullContainerError: pull image manifest has been retried 5 time(s)"
        try await stack.script(["ecsService": .string("\(stack.app)-development-scireg"), "failRollout": .string(reason)])
        let release = try await stack.slipway(["release", "scireg", "--env", "development", "--wait"])
        #expect(release.status == 3, "\(release.stderr)")
        // sciauth's build fails.
        let buildError = "COMMAND_EXECUTION_ERROR: Error while executing command: docker build . Reason: exit status 1"
        try await stack.script(["pipeline": .string("\(stack.app)-development-sciauth"), "failStage": .string("Build"), "message": .string(buildError)])
        let failedBuild = try await stack.slipway(["release", "sciauth", "--env", "development", "--wait"])
        #expect(failedBuild.status == 3)

        let status = try await Self.settledStatus(stack, ["--env", "development"])
        let text = status.stdout
        let scireg = "\(stack.app)-development-scireg"
        #expect(text.contains("  scireg   ✗ Failed  "), "\(text)")
        #expect(text.contains("    pipeline  ✓ Source  ✓ Build  ✗ Deploy"))
        #expect(text.contains("    service   ✓ COMPLETED  1/1 running · \(scireg):1 · rolled back from revision 2"), "\(text)")
        #expect(text.contains("    ✗ Deploy failed: ECS deployment ecs-svc/"))
        #expect(text.contains("of \(scireg):2 failed: ECS deployment circuit breaker: \(reason). ECS is rolling the service back to \(scireg):1"))
        #expect(text.contains("    pipeline  ✓ Source  ✗ Build  · Deploy"), "a stage the failed run never reached is dim: \(text)")
        #expect(text.contains("    ✗ Build failed: \(buildError)"))
        #expect(text.contains("    ↻ never built: \(stack.app)-development-sciauth:1"), "its only build failed: \(text)")
        #expect(text.contains("    ↻ never built: \(stack.app)-development-scireg:1"), "rolled back to its placeholder: \(text)")
        #expect(text.hasSuffix("2 problems; 2 services still settling.\n"), "\(text)")

        let json = try await stack.slipway(["status", "--env", "development", "--output", "json"])
        let document = try JSONValue.parse(Array(json.stdout.utf8))
        #expect(document["healthy"] == .bool(false))
        guard case .array(let problems)? = document["problems"] else { Issue.record("no problems"); return }
        #expect(problems.compactMap(\.stringValue).contains { $0.hasPrefix("development/scireg: Deploy failed: ECS deployment") })
        #expect(problems.compactMap(\.stringValue).contains("development/sciauth: Build failed: \(buildError)"))
    }
}
