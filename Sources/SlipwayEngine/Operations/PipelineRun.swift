import AWSCore
import AWSServices
import Foundation

/// What happened to a pipeline run, as `release --wait` follows it.
public enum PipelineRunEvent: Sendable, Equatable {
    /// A stage of this run changed state (`InProgress`, `Succeeded`, `Failed`, …).
    case stage(name: String, status: CodePipeline.StageExecutionStatus, detail: String?)
    /// A manual approval of this run waits for an answer.
    case awaitingApproval(stage: String, action: String)
}

/// How a followed run ended.
public struct PipelineRunResult: Sendable, Codable, Equatable {
    public var pipeline: String
    public var executionId: String
    /// The execution's final status (`Succeeded`, `Failed`, `Stopped`, `Superseded`, `Cancelled`),
    /// or its status when waiting gave up.
    public var status: CodePipeline.PipelineExecutionStatus
    public var stages: [StageStatus]
    /// Why it failed, from the failed action.
    public var failure: String?
    /// Waiting gave up before the run ended.
    public var timedOut: Bool

    public var succeeded: Bool { status == .succeeded }
}

/// Starts a pipeline execution and follows it stage by stage to its end.
public struct PipelineRun: Sendable {
    public let client: AWSClient
    public let pipeline: String
    public var waiter: Waiter

    public init(client: AWSClient, pipeline: String, waiter: Waiter = Waiter(interval: .seconds(5), timeout: .seconds(3600))) {
        self.client = client
        self.pipeline = pipeline
        self.waiter = waiter
    }

    /// Starts a run now; the id of the execution.
    /// Starts a run now, of the Source action's branch head or of one `commit`; the id of the execution.
    public func start(commit: String? = nil) async throws -> String {
        let codePipeline = CodePipeline(client: client)
        let revisions = commit.map { [CodePipeline.SourceRevisionOverride(actionName: "Source", revisionType: .commitId, revisionValue: $0)] }
        do {
            let reply = try await codePipeline.startPipelineExecution(.init(
                name: pipeline, clientRequestToken: UUID().uuidString, sourceRevisions: revisions))
            guard let id = reply.pipelineExecutionId else {
                throw AWSClientError.incompleteReply(service: "CodePipeline", operation: "StartPipelineExecution", missing: "pipelineExecutionId")
            }
            return id
        } catch let error as AWSError where error.is(CodePipeline.ErrorCode.pipelineNotFound) {
            throw OperationError.pipelineMissing(pipeline)
        }
    }

    /// The commit of the newest run a push started (a tag push, in a tag-triggered environment),
    /// from the latest 100 runs; nil when none did.
    public func latestPushedCommit() async throws -> String? {
        let reply: CodePipeline.ListPipelineExecutionsOutput
        do {
            reply = try await CodePipeline(client: client).listPipelineExecutions(.init(pipelineName: pipeline, maxResults: 100))
        } catch let error as AWSError where error.is(CodePipeline.ErrorCode.pipelineNotFound) {
            throw OperationError.pipelineMissing(pipeline)
        }
        let pushed = (reply.pipelineExecutionSummaries ?? []).first { $0.trigger?.triggerType == .webhookV2 }
        return pushed?.sourceRevisions?.first?.revisionId
    }

    static let finished: Set<CodePipeline.PipelineExecutionStatus> = [.succeeded, .failed, .stopped, .superseded, .cancelled]

    /// Follows execution `id` until it ends (or the waiter's timeout passes), reporting each change
    /// of its stages once.
    public func follow(_ id: String, onEvent: @Sendable (PipelineRunEvent) -> Void = { _ in }) async throws -> PipelineRunResult {
        let codePipeline = CodePipeline(client: client)
        var reported: [String: CodePipeline.StageExecutionStatus] = [:]
        var approvals: Set<String> = []
        var status = CodePipeline.PipelineExecutionStatus.inProgress
        var stages: [StageStatus] = []
        var execution: CodePipeline.PipelineExecution?
        _ = try await waiter.until {
            do {
                execution = try await codePipeline.getPipelineExecution(.init(pipelineName: pipeline, pipelineExecutionId: id)).pipelineExecution
            } catch let error as AWSError where error.is(CodePipeline.ErrorCode.pipelineExecutionNotFound) {
                throw OperationError.executionNotFound(pipeline: pipeline, id: id)
            }
            status = execution?.status ?? .inProgress
            stages = StatusReader.stages(try await codePipeline.getPipelineState(.init(name: pipeline)))
            for stage in stages where stage.executionId == id {
                let detail = Self.detail(stage)
                if let stageStatus = stage.status, reported[stage.name] != stageStatus {
                    reported[stage.name] = stageStatus
                    onEvent(.stage(name: stage.name, status: stageStatus, detail: detail))
                }
                for action in stage.actions where action.awaitingApproval && approvals.insert("\(stage.name)/\(action.name)").inserted {
                    onEvent(.awaitingApproval(stage: stage.name, action: action.name))
                }
            }
            return Self.finished.contains(status)
        }
        let ours = stages.filter { $0.executionId == id }
        let failure = ours.flatMap { stage in
            stage.actions.filter { $0.status == .failed }.map { "\(stage.name) failed: \($0.errorMessage ?? $0.summary ?? "no reason given")" }
        }.first ?? (status == .succeeded ? nil : execution?.statusSummary)
        return PipelineRunResult(pipeline: pipeline, executionId: id, status: status, stages: stages, failure: failure,
                                 timedOut: !Self.finished.contains(status))
    }

    /// What a stage's actions say: a failure's message, else a summary, else (while it runs) the build's id.
    static func detail(_ stage: StageStatus) -> String? {
        if let failed = stage.actions.first(where: { $0.status == .failed }) {
            return failed.errorMessage ?? failed.summary
        }
        if let summary = stage.actions.compactMap(\.summary).first { return summary }
        return stage.status == .inProgress ? stage.actions.compactMap(\.externalExecutionId).first : nil
    }
}
