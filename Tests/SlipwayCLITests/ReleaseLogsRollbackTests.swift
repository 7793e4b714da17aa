import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// `release --wait`, `logs` and `rollback` against the emulator, which simulates the pipeline's
/// runs (Source, Build, Approve, Deploy) and ECS's rollouts.
struct ReleaseLogsRollbackTests {
    static func runningRevision(_ stack: CLIStack, _ service: String) async throws -> String? {
        let reply = try await ECS(client: stack.admin).describeServices(.init(cluster: stack.app, services: [service]))
        return reply.services?.first?.taskDefinition.map { String($0.split(separator: "/").last ?? "") }
    }

    @Test func releaseWaitFollowsTheRunStageByStage() async throws {
        let stack = try await CLIStack.make("rel")
        try await stack.apply()
        let pipeline = "\(stack.app)-development-scireg"
        let result = try await stack.slipway(["release", "scireg", "--env", "development", "--wait"])
        #expect(result.status == 0, "\(result.stderr)")
        let fields = result.stdout.split(separator: " ")
        #expect(fields.count == 3 && fields[0] == pipeline && fields[2] == "Succeeded\n", "one line on stdout: \(result.stdout)")
        // Progress on stderr, stage by stage and in order.
        let stages = result.stderr.split(separator: "\n").filter { $0.contains(" Succeeded") }.map { $0.split(separator: " ")[1] }
        #expect(stages == ["Source", "Build", "Deploy"], "\(result.stderr)")
        #expect(result.stderr.contains("Started \(pipeline) run \(fields[1])."))
        #expect(result.stderr.contains("as \(pipeline):2: 1 of 1 tasks running"), "the deployer's summary: \(result.stderr)")
        #expect(result.stderr.contains("Run \(fields[1].prefix(8)) succeeded in"))
        #expect(try await Self.runningRevision(stack, pipeline) == "\(pipeline):2")

        // Without --wait: started, not followed.
        let started = try await stack.slipway(["release", "scireg", "--env", "development", "--output", "json"])
        #expect(started.status == 0)
        let document = try JSONValue.parse(Array(started.stdout.utf8))
        #expect(document["status"]?.stringValue == "InProgress" && document["pipeline"]?.stringValue == pipeline)

        let unknown = try await stack.slipway(["release", "scireq", "--env", "development"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "slipway: error: no service 'scireq' in slipway.yml; it has sciauth, scireg\n")
    }

    /// Waits until the run of `pipeline` asks for approval and `slipway release --wait` (the
    /// stack's user) has read the pipeline's state twice since, so it has shown the request; then answers it.
    static func answerApproval(_ stack: CLIStack, _ pipeline: String, _ status: CodePipeline.ApprovalStatus, summary: String) async throws {
        let codePipeline = CodePipeline(client: stack.admin)
        func stateReads() async throws -> Int {
            try await stack.emulator.calls(accessKeyID: stack.user.accessKeyID).filter { $0.action == "GetPipelineState" }.count
        }
        var token: String?
        try await eventually("the run of \(pipeline) asking for approval", timeout: .seconds(30)) {
            let state = try await codePipeline.getPipelineState(.init(name: pipeline))
            token = state.stageStates?.first { $0.stageName == "Approve" }?.actionStates?.first?.latestExecution?.token
            return token != nil
        }
        let readsBefore = try await stateReads()
        try await eventually("slipway release reading the pipeline's state twice after the approval request", timeout: .seconds(15), interval: .milliseconds(50)) {
            try await stateReads() >= readsBefore + 2
        }
        _ = try await codePipeline.putApprovalResult(.init(
            pipelineName: pipeline, stageName: "Approve", actionName: "Approve",
            result: .init(summary: summary, status: status), token: try #require(token)))
    }

    @Test func releaseWaitsForTheManualApproval() async throws {
        let stack = try await CLIStack.make("appr")
        try await stack.apply()
        let pipeline = "\(stack.app)-production-sciauth"
        async let approved = stack.slipway(["release", "sciauth", "--env", "production", "--wait"])
        try await Self.answerApproval(stack, pipeline, .approved, summary: "ship it")
        let first = try await approved
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("! Approve  waiting for a manual approval"), "\(first.stderr)")
        #expect(first.stderr.contains("--pipeline-name \(pipeline) --stage-name Approve --action-name Approve"))
        #expect(first.stderr.contains("✓ Approve  Succeeded"))
        #expect(try await Self.runningRevision(stack, pipeline) == "\(pipeline):2")

        async let rejected = stack.slipway(["release", "sciauth", "--env", "production", "--wait"])
        try await Self.answerApproval(stack, pipeline, .rejected, summary: "not on a Friday")
        let second = try await rejected
        #expect(second.status == 3)
        #expect(second.stderr.contains("✗ Approve  Failed: Rejected: not on a Friday"), "\(second.stderr)")
        #expect(second.stdout.hasSuffix(" Failed\n"))

        // Nobody answers: waiting gives up, and says the run goes on.
        let waiting = try await stack.slipway(["release", "sciauth", "--env", "production", "--wait", "--timeout", "0.02"])
        #expect(waiting.status == 4, "\(waiting.stderr)")
        #expect(waiting.stderr.contains("the run is still InProgress; it goes on in AWS"))
    }

    static func putEvents(_ client: AWSClient, group: String, stream: String, _ messages: [(Int64, String)]) async throws {
        let logs = CloudWatchLogs(client: client)
        if try await logs.logGroup(named: group) == nil {
            try await logs.createLogGroup(.init(logGroupName: group))
        }
        try await logs.createLogStream(.init(logGroupName: group, logStreamName: stream))
        _ = try await logs.putLogEvents(.init(logGroupName: group, logStreamName: stream,
                                              logEvents: messages.map { .init(timestamp: $0.0, message: $0.1) }))
    }

    @Test func logsOfTheLatestBuildAndOfTheService() async throws {
        let stack = try await CLIStack.make("logs")
        try await stack.apply()
        let project = "\(stack.app)-development-sciauth"
        let release = try await stack.slipway(["release", "sciauth", "--env", "development", "--wait"])
        #expect(release.status == 0, "\(release.stderr)")
        let build = try #require(try await CodeBuild(client: stack.admin).listBuildsForProject(.init(projectName: project)).ids?.first)
        // Whole seconds, so that a --since time (ISO 8601, to the second) falls exactly on one.
        let now = Int64(Date().timeIntervalSince1970) * 1000
        try await Self.putEvents(stack.admin, group: "/aws/codebuild/\(project)", stream: String(build.split(separator: ":").last!), [
            (now - 3000, "[Container] Entering phase PRE_BUILD\n"),
            (now - 2000, "[Container] Running command docker build\n"),
            (now - 1000, "[Container] Phase complete: POST_BUILD State: SUCCEEDED\n"),
        ])

        let logs = try await stack.slipway(["logs", "sciauth", "--env", "development"])
        #expect(logs.status == 0, "\(logs.stderr)")
        #expect(logs.stderr.hasPrefix("Build \(build) · Succeeded · started "), "\(logs.stderr)")
        let lines = logs.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.map { $0.split(separator: "  ", maxSplits: 1).last ?? "" } == [
            "[Container] Entering phase PRE_BUILD", "[Container] Running command docker build",
            "[Container] Phase complete: POST_BUILD State: SUCCEEDED",
        ])
        #expect(lines.first?.hasPrefix(String(ISO8601DateFormatter().string(from: Date()).prefix(4))) == true, "each line starts with its time")

        let since = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(now - 1000) / 1000))
        let recent = try await stack.slipway(["logs", "sciauth", "--env", "development", "--since", since, "--output", "json"])
        let records = try recent.stdout.split(separator: "\n").map { try JSONValue.parse(Array($0.utf8)) }
        #expect(records.compactMap { $0["message"]?.stringValue } == ["[Container] Phase complete: POST_BUILD State: SUCCEEDED"], "\(recent.stdout)")

        // The containers' logs, from every task's stream, in time order.
        let group = "/ecs/\(stack.app)/development/sciauth"
        try await Self.putEvents(stack.admin, group: group, stream: "sciauth/sciauth/0123456789abcdef0123", [(now - 500, "GET /health 200")])
        try await Self.putEvents(stack.admin, group: group, stream: "sciauth/sciauth/fedcba98765432100123", [(now - 400, "GET /login 302")])
        let service = try await stack.slipway(["logs", "sciauth", "--env", "development", "--service-logs", "--since", "10m"])
        #expect(service.status == 0, "\(service.stderr)")
        #expect(service.stderr.contains("Container logs of \(stack.app)-development-sciauth (\(group)) since"))
        let serviceLines = service.stdout.split(separator: "\n")
        #expect(serviceLines.count == 2)
        #expect(serviceLines.first?.hasSuffix("[01234567]  GET /health 200") == true, "\(service.stdout)")
        #expect(serviceLines.last?.hasSuffix("[fedcba98]  GET /login 302") == true)

        let bad = try await stack.slipway(["logs", "sciauth", "--env", "development", "--since", "yesterday"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--since 'yesterday' is neither a duration"))
    }

    @Test func logsFollowsABuildUntilItEnds() async throws {
        // Stages of an hour on an emulator of its own, whose clock the test moves: the build runs
        // while the test writes its log, however busy the machine, and ends when the test says.
        let emulator = try await Emulator.dedicated()
        let stack = try await CLIStack.make("follow", stageSeconds: 3600, on: emulator)
        try await stack.apply()
        let project = "\(stack.app)-development-scireg"
        let release = try await stack.slipway(["release", "scireg", "--env", "development"])
        #expect(release.status == 0)
        try await EmulatorControl.post(emulator, "/_slipway/clock", ["advance": .number(3600)])
        var build: String?
        try await eventually("a build of \(project) starting") {
            build = try await CodeBuild(client: stack.admin).listBuildsForProject(.init(projectName: project)).ids?.first
            return build != nil
        }
        let id = try #require(build)
        let stream = String(id.split(separator: ":").last!)
        // Whole seconds, so that a --since time (ISO 8601, to the second) falls exactly on one.
        let now = Int64(Date().timeIntervalSince1970) * 1000
        try await Self.putEvents(stack.admin, group: "/aws/codebuild/\(project)", stream: stream, [(now, "step 1\n")])
        async let followed = stack.slipway(["logs", "scireg", "--env", "development", "--follow"])
        // Once `logs --follow` (the stack's user) has read the log, write the next line.
        try await eventually("slipway logs --follow reading the build's log", timeout: .seconds(20), interval: .milliseconds(50)) {
            try await stack.emulator.calls(accessKeyID: stack.user.accessKeyID).contains(where: { $0.action == "GetLogEvents" })
        }
        _ = try await CloudWatchLogs(client: stack.admin).putLogEvents(.init(
            logGroupName: "/aws/codebuild/\(project)", logStreamName: stream, logEvents: [.init(timestamp: now + 500, message: "step 2\n")]))
        try await EmulatorControl.post(emulator, "/_slipway/clock", ["advance": .number(3600)])
        let result = try await followed
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").map { $0.split(separator: "  ").last ?? "" } == ["step 1", "step 2"], "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("Build \(id) finished: Succeeded."), "--follow ends with the build: \(result.stderr)")
    }

    @Test func rollbackGoesBackToThePreviousRevision() async throws {
        let stack = try await CLIStack.make("roll")
        try await stack.apply()
        let service = "\(stack.app)-development-sciauth"
        let oldest = try await stack.slipway(["rollback", "sciauth", "--env", "development", "--auto-approve"])
        #expect(oldest.status == 1)
        #expect(oldest.stderr.contains("\(service):1 is the oldest active revision of \(service); there is nothing to roll back to"), "\(oldest.stderr)")

        // Two builds deployed: revisions 2 and 3, each an image by digest.
        for _ in 0..<2 {
            let release = try await stack.slipway(["release", "sciauth", "--env", "development", "--wait"])
            #expect(release.status == 0, "\(release.stderr)")
        }
        #expect(try await Self.runningRevision(stack, service) == "\(service):3")

        // Without a terminal it shows the change but will not make it without --auto-approve.
        let refused = try await stack.slipway(["rollback", "sciauth", "--env", "development"])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("task definition: \(service):3 -> \(service):2"))
        #expect(refused.stderr.contains("standard input is not a terminal, so nothing was changed; pass --auto-approve"))
        #expect(try await Self.runningRevision(stack, service) == "\(service):3")

        let rollback = try await stack.slipway(["rollback", "sciauth", "--env", "development", "--auto-approve"])
        #expect(rollback.status == 0, "\(rollback.stderr)")
        let lines = rollback.stdout.split(separator: "\n").map(String.init)
        let repository = "123456789012.dkr.ecr.us-east-1.amazonaws.com/\(stack.app)/sciauth"
        #expect(lines.first == "~ ecs-service \(service)")
        #expect(lines.contains("      task definition: \(service):3 -> \(service):2"))
        #expect(lines.contains { $0.hasPrefix("      image: \(repository)@sha256:") && $0.contains(" -> \(repository)@sha256:") }, "\(rollback.stdout)")
        #expect(lines.last == "\(service) \(service):2 COMPLETED")
        #expect(rollback.stderr.contains("✓ COMPLETED  1/1 running"), "\(rollback.stderr)")
        #expect(rollback.stderr.contains("Rolled back: \(service) runs \(service):2"))
        #expect(try await Self.runningRevision(stack, service) == "\(service):2")

        let missing = try await stack.slipway(["rollback", "sciauth", "--env", "development", "--to", "7", "--auto-approve"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("\(service):7 is not an active task definition revision; the active revisions are 1, 2, 3"))

        // Forward again with --to, as JSON.
        let forward = try await stack.slipway(["rollback", "sciauth", "--env", "development", "--to", "3", "--auto-approve", "--output", "json"])
        #expect(forward.status == 0, "\(forward.stderr)")
        let document = try JSONValue.parse(Array(forward.stdout.utf8))
        #expect(document["plan"]?["target"]?.stringValue?.hasSuffix("task-definition/\(service):3") == true)
        #expect(document["result"]?["rolloutState"]?.stringValue == "COMPLETED")

        // A rollout ECS fails: the command says so and exits 3.
        try await stack.script(["ecsService": .string(service), "failRollout": .string("tasks failed to start: essential container exited")])
        let failed = try await stack.slipway(["rollback", "sciauth", "--env", "development", "--auto-approve"])
        #expect(failed.status == 3, "\(failed.stderr)")
        #expect(failed.stderr.contains("The rollout of \(service):2 failed after"))
        #expect(failed.stderr.contains("essential container exited"))
        #expect(failed.stdout.hasSuffix("\(service) \(service):2 FAILED\n"))
    }

    @Test func rollbackRefusesThePlaceholderRevision() async throws {
        let stack = try await CLIStack.make("rnever")
        try await stack.apply()
        let release = try await stack.slipway(["release", "sciauth", "--env", "development", "--wait"])
        #expect(release.status == 0, "\(release.stderr)")
        let service = "\(stack.app)-development-sciauth"
        #expect(try await Self.runningRevision(stack, service) == "\(service):2")

        // Revision 1 names `:latest`, which the build has pushed: it is still no image a build deployed.
        let refused = try await stack.slipway(["rollback", "sciauth", "--env", "development", "--auto-approve"])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasSuffix("\nslipway: error: \(service):1 names 123456789012.dkr.ecr.us-east-1.amazonaws.com/\(stack.app)/sciauth:latest, "
            + "the placeholder 'apply' registers before the first build, not an image a build deployed (its tag means whatever was "
            + "pushed last, or nothing); Slipway will not roll back to it. Pass --to with a revision a build deployed, or build the "
            + "service with 'slipway release sciauth --env development'\n"), "\(refused.stderr)")
        #expect(refused.stdout.isEmpty, "refused before showing a change")
        #expect(try await Self.runningRevision(stack, service) == "\(service):2", "nothing changed")
    }
}
