import AWSServices
import Foundation
@testable import SlipwayEngine
import Testing

/// The latest run read from GetPipelineState alone (status's one call a pipeline), and where
/// the state cannot tell it, so that status lists the executions instead.
struct PipelineStateReadingTests {
    typealias State = CodePipeline.GetPipelineStateResponse
    static let commit = "0123456789abcdef0123456789abcdef01234567"
    static let passedSource = Date(timeIntervalSince1970: 1_800_000_000)

    /// Source → Build → Deploy; each stage is (execution, status) or nil when no run reached it.
    static func state(_ source: (String, CodePipeline.StageExecutionStatus)?, _ build: (String, CodePipeline.StageExecutionStatus)?,
                      _ deploy: (String, CodePipeline.StageExecutionStatus)?, sourceSummary: String? = #"{"ProviderType":"GitHub","CommitMessage":"Fix the login\n\nbody"}"#,
                      waitingForSource: String? = nil) -> State {
        func stage(_ name: String, _ run: (String, CodePipeline.StageExecutionStatus)?, source: Bool = false) -> CodePipeline.StageState {
            let action = CodePipeline.ActionState(
                actionName: name,
                currentRevision: source && run?.1 == .succeeded ? .init(revisionId: commit, revisionChangeId: commit, created: passedSource) : nil,
                latestExecution: run.map { .init(status: CodePipeline.ActionExecutionStatus(rawValue: $0.1.rawValue), summary: source ? sourceSummary : nil,
                                                 lastStatusChange: passedSource) })
            return .init(stageName: name, inboundExecutions: source ? waitingForSource.map { [.init(pipelineExecutionId: $0, status: .inProgress)] } : nil,
                         actionStates: [action], latestExecution: run.map { .init(pipelineExecutionId: $0.0, status: $0.1) })
        }
        return State(pipelineName: "p", stageStates: [stage("Source", source, source: true), stage("Build", build), stage("Deploy", deploy)])
    }

    static func answer(_ id: String, _ status: CodePipeline.PipelineExecutionStatus) -> StatusReader.StateAnswer {
        .answers(ExecutionSummary(id: id, status: status, startedAt: passedSource, updatedAt: nil, commit: commit,
                                  commitMessage: "Fix the login", trigger: nil))
    }

    @Test func aRunThroughEveryStageSucceededOneThatFailedAStageFailedAndOneOnItsWayIsInProgress() {
        #expect(StatusReader.latestRun(in: Self.state(("a", .succeeded), ("a", .succeeded), ("a", .succeeded))) == Self.answer("a", .succeeded))
        #expect(StatusReader.latestRun(in: Self.state(("a", .succeeded), ("a", .failed), ("z", .succeeded))) == Self.answer("a", .failed))
        // A newer run in Build while the older one deploys; then the newer one waiting for Deploy.
        #expect(StatusReader.latestRun(in: Self.state(("b", .succeeded), ("b", .inProgress), ("a", .inProgress))) == Self.answer("b", .inProgress))
        #expect(StatusReader.latestRun(in: Self.state(("b", .succeeded), ("b", .succeeded), ("a", .inProgress))) == Self.answer("b", .inProgress))
        // The last stage's success is an older run's.
        #expect(StatusReader.latestRun(in: Self.state(("b", .succeeded), ("b", .succeeded), ("a", .succeeded))) == Self.answer("b", .inProgress))
    }

    @Test func aPipelineThatNeverRanHasNoLatestRun() {
        #expect(StatusReader.latestRun(in: Self.state(nil, nil, nil)) == .answers(nil))
    }

    @Test func whatTheStateCannotTellIsLeftToTheExecutionsList() {
        // The source still running, or failed: no commit of this run yet.
        #expect(StatusReader.latestRun(in: Self.state(("b", .inProgress), ("a", .succeeded), ("a", .succeeded))) == .cannotTell)
        #expect(StatusReader.latestRun(in: Self.state(("b", .failed), nil, nil)) == .cannotTell)
        // A run waiting to enter the first stage is newer than the one in it.
        #expect(StatusReader.latestRun(in: Self.state(("a", .succeeded), ("a", .inProgress), nil, waitingForSource: "b")) == .cannotTell)
        // Stopped or cancelled: the run's own status is not the stage's.
        #expect(StatusReader.latestRun(in: Self.state(("a", .succeeded), ("a", .stopped), nil)) == .cannotTell)
        #expect(StatusReader.latestRun(in: Self.state(("a", .succeeded), ("a", .cancelled), nil)) == .cannotTell)
        // A source action without the commit's message.
        #expect(StatusReader.latestRun(in: Self.state(("a", .succeeded), ("a", .succeeded), ("a", .succeeded), sourceSummary: nil)) == .cannotTell)
        // Later stages with runs but not the first: not a shape a SUPERSEDED pipeline has.
        #expect(StatusReader.latestRun(in: Self.state(nil, ("a", .succeeded), nil)) == .cannotTell)
    }

    @Test func aCommitMessageIsItsFirstLineFromJSONOrText() {
        #expect(StatusReader.commitMessage(#"{"ProviderType":"GitHub","CommitMessage":"Fix the login\n\nbody"}"#) == "Fix the login")
        #expect(StatusReader.commitMessage("Bump the version\nmore") == "Bump the version")
        #expect(StatusReader.commitMessage("\n") == nil)
    }
}
