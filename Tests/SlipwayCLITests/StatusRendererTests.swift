import AWSServices
import Foundation
import Testing
@testable import SlipwayCLI
@testable import SlipwayEngine

/// `slipway status` as a person reads it, from a status built by hand: each status word with
/// its one mark and colour, whichever service reported it.
struct StatusRendererTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func service(_ name: String, run: CodePipeline.PipelineExecutionStatus?, stages: [(String, CodePipeline.StageExecutionStatus?)],
                        rollout: ECS.DeploymentRolloutState?, running: Int, problems: [String] = [], settling: [String] = []) -> ServiceStatus {
        let execution = run.map {
            ExecutionSummary(id: "exec-\(name)", status: $0, startedAt: now.addingTimeInterval(-300), updatedAt: nil,
                             commit: "0123456789abcdef", commitMessage: "Fix the login page", trigger: nil)
        }
        return ServiceStatus(
            service: name, environment: "development",
            pipeline: PipelineStatus(name: "dbmi-development-\(name)", exists: true, latestExecution: execution, stages: stages.map { stage in
                StageStatus(name: stage.0, status: stage.1, executionId: stage.1 == nil ? nil : "exec-\(name)", actions: [])
            }),
            ecs: ECSServiceState(
                name: "dbmi-development-\(name)", cluster: "dbmi", exists: true, status: "ACTIVE", desiredCount: 1, runningCount: running,
                pendingCount: 0, taskDefinition: "dbmi-development-\(name):3", revision: 3, rolloutState: rollout, rolloutStateReason: nil,
                deployments: [], lastEvent: nil, image: nil, neverBuilt: nil, imagePushed: nil),
            problems: problems, settling: settling)
    }

    static let status = AppStatus(
        app: "dbmi", account: "123456789012", region: "us-east-1", readAt: now,
        connection: ConnectionState(arn: "arn:aws:codeconnections:us-east-1:123456789012:connection/1", name: "dbmi-github", status: .available, problem: nil),
        environments: [EnvironmentStatus(name: "development", services: [
            service("sciauth", run: .succeeded, stages: [("Source", .succeeded), ("Build", .succeeded), ("Deploy", .succeeded)],
                    rollout: .completed, running: 1),
            service("scireg", run: .failed, stages: [("Source", .succeeded), ("Build", .failed), ("Deploy", nil)],
                    rollout: .inProgress, running: 0, problems: ["Build failed: docker build exited 1"]),
        ])])

    @Test func eachStatusWordHasItsMark() {
        #expect(StatusRenderer(style: Style(color: false), width: nil, now: Self.now).render(Self.status) == """
            dbmi · account 123456789012 · us-east-1
            GitHub connection dbmi-github: ✓ AVAILABLE

            development
              sciauth  ✓ Succeeded  0123456 "Fix the login page" · 5m ago
                pipeline  ✓ Source  ✓ Build  ✓ Deploy
                service   ✓ COMPLETED  1/1 running · dbmi-development-sciauth:3
              scireg   ✗ Failed  0123456 "Fix the login page" · 5m ago
                pipeline  ✓ Source  ✗ Build  · Deploy
                service   ↻ IN_PROGRESS  0/1 running · dbmi-development-scireg:3
                ✗ Build failed: docker build exited 1

            1 problem.

            """)
    }

    @Test func colourFollowsTheToneNotTheService() {
        let text = StatusRenderer(style: Style(color: true), width: nil, now: Self.now).render(Self.status)
        // Succeeded (CodePipeline), COMPLETED (ECS) and AVAILABLE (CodeConnections) are all green.
        #expect(text.contains("\u{1B}[32m✓\u{1B}[0m \u{1B}[32mAVAILABLE\u{1B}[0m"))
        #expect(text.contains("\u{1B}[32m✓\u{1B}[0m \u{1B}[32mSucceeded\u{1B}[0m"))
        #expect(text.contains("\u{1B}[32m✓\u{1B}[0m \u{1B}[32mCOMPLETED\u{1B}[0m"))
        #expect(text.contains("\u{1B}[31m✗\u{1B}[0m \u{1B}[31mFailed\u{1B}[0m"))
        #expect(text.contains("\u{1B}[33m↻\u{1B}[0m \u{1B}[33mIN_PROGRESS\u{1B}[0m"))
        let plain = text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(plain == StatusRenderer(style: Style(color: false), width: nil, now: Self.now).render(Self.status))
    }

    @Test func wordsSlipwayDoesNotKnowAreMarkedAsUnknown() {
        let style = Style(color: false)
        #expect(style.mark(CodePipeline.PipelineExecutionStatus(rawValue: "Paused")) == "?")
        #expect(style.mark(CodeConnections.ConnectionStatus.pending) == "!")
        #expect(style.mark(CodeConnections.ConnectionStatus.notFound) == "✗")
        #expect(style.mark(CodePipeline.PipelineExecutionStatus.superseded) == "↷")
        #expect(style.mark(nil) == "·" && style.status(nil) == "never run")
        #expect(LogsCommand.buildStatus(.timedOut, style) == "Failed")
    }

    /// A web service's URL and its targets by state, healthy first; an unhealthy one is a
    /// problem with AWS's reason, from the engine's own wording.
    @Test func aWebServiceShowsItsURLAndTargets() {
        var service = Self.service("sciauth", run: .succeeded, stages: [("Source", .succeeded), ("Build", .succeeded), ("Deploy", .succeeded)],
                                   rollout: .completed, running: 2)
        let web = WebStatus(url: "https://authentication.dbmi.example.org/", targetGroup: "dbmi-development-sciauth", exists: true, targets: [
            TargetState(id: "10.0.1.9", port: 8005, state: .unhealthy, reason: .targetResponseCodeMismatch,
                        description: "Health checks failed with these codes: [502]"),
            TargetState(id: "10.0.1.7", port: 8005, state: .healthy, reason: nil, description: nil),
            TargetState(id: "10.0.1.8", port: 8005, state: .draining, reason: .targetDeregistrationInProgress, description: nil),
        ])
        service.web = web
        service.problems = web.problems
        let status = AppStatus(app: "dbmi", account: "123456789012", region: "us-east-1", readAt: Self.now, connection: nil,
                               environments: [EnvironmentStatus(name: "development", services: [service])])
        #expect(StatusRenderer(style: Style(color: false), width: nil, now: Self.now).render(status) == """
            dbmi · account 123456789012 · us-east-1

            development
              sciauth  ✓ Succeeded  0123456 "Fix the login page" · 5m ago
                pipeline  ✓ Source  ✓ Build  ✓ Deploy
                service   ✓ COMPLETED  2/1 running · dbmi-development-sciauth:3
                url       https://authentication.dbmi.example.org/
                targets   ✓ 1 healthy  ✗ 1 unhealthy  ↻ 1 draining
                ✗ target 10.0.1.9:8005 is unhealthy: Target.ResponseCodeMismatch (Health checks failed with these codes: [502])

            1 problem.

            """)
    }
}
