import AWSCore
import AWSServices
import Foundation
import SlipwayConfig

/// A pipeline's status in as few CodePipeline calls as AWS allows: GetPipelineState for its
/// stages and, in SUPERSEDED mode, its latest run; its definition (trigger, mode) from the
/// account listings the plan uses, when its fingerprint tag shows that it is still the file's.
/// GetPipeline only for a pipeline changed behind Slipway's back, ListPipelineExecutions only
/// where the state cannot tell the latest run (a run queued or still in its source, another
/// mode), or when the caller asked for its trigger and exact times.
extension StatusReader {
    func readPipeline(_ name: String, definitions: PipelineDefinitions) async throws -> PipelineStatus {
        let codePipeline = CodePipeline(client: context.client)
        async let stateRead = notFoundAsNil(CodePipeline.ErrorCode.pipelineNotFound) {
            try await codePipeline.getPipelineState(.init(name: name))
        }
        async let executionsRead = listsExecutions ? Self.latestListed(name, codePipeline) : nil
        let confirmed = await definitions.confirmed(name)
        async let declarationRead = confirmed == nil ? (try? await codePipeline.getPipeline(.init(name: name)).pipeline) : nil
        guard let state = try await stateRead else {
            _ = try? await executionsRead
            _ = await declarationRead
            return PipelineStatus(name: name, exists: false, latestExecution: nil, stages: [])
        }
        let definition = if let confirmed { confirmed } else {
            await declarationRead.map { PipelineDefinition(trigger: PipelineResource.liveTriggerText($0, source: $0.sourceAction),
                                                            executionMode: $0.executionMode ?? .superseded) }
        }
        let latest: ExecutionSummary?
        if listsExecutions {
            latest = try await executionsRead ?? nil
        } else if definition?.executionMode == .superseded, case .answers(let fromState) = Self.latestRun(in: state) {
            latest = fromState
        } else {
            latest = try await Self.latestListed(name, codePipeline) ?? nil
        }
        return PipelineStatus(name: name, exists: true, trigger: definition?.trigger, executionMode: definition?.executionMode.rawValue,
                              latestExecution: latest, stages: Self.stages(state))
    }

    /// The newest run, from ListPipelineExecutions; nil when it never ran, nil in an Optional when the pipeline is gone.
    static func latestListed(_ name: String, _ codePipeline: CodePipeline) async throws -> ExecutionSummary?? {
        try await notFoundAsNil(CodePipeline.ErrorCode.pipelineNotFound) {
            try await codePipeline.listPipelineExecutions(.init(pipelineName: name, maxResults: 1)).pipelineExecutionSummaries?.first.map(summary)
        }
    }

    enum StateAnswer: Equatable {
        case answers(ExecutionSummary?)
        case cannotTell
    }

    /// The latest run as GetPipelineState shows it, for a pipeline in SUPERSEDED mode, where a new
    /// run enters the first stage at once and is the newest one there. It tells the run's ID, its
    /// commit (the source action's current revision) and message (the summary AWS gives a source
    /// action), when it passed its source, and its status: failed where a stage it reached failed,
    /// succeeded when the last stage succeeded for it, else in progress. A run waiting to enter
    /// the first stage, a source still running or failed, or a stopped or cancelled stage: cannot tell.
    static func latestRun(in state: CodePipeline.GetPipelineStateResponse) -> StateAnswer {
        let stages = state.stageStates ?? []
        guard let first = stages.first, first.inboundExecution == nil, (first.inboundExecutions ?? []).isEmpty else { return .cannotTell }
        guard let id = first.latestExecution?.pipelineExecutionId else {
            return stages.allSatisfy { $0.latestExecution == nil } ? .answers(nil) : .cannotTell
        }
        let sources = first.actionStates ?? []
        guard let source = sources.first, sources.allSatisfy({ $0.latestExecution?.status == .succeeded }),
              let commit = source.currentRevision?.revisionId, let summary = source.latestExecution?.summary,
              let passedSource = source.latestExecution?.lastStatusChange else { return .cannotTell }
        let reached = stages.compactMap(\.latestExecution).filter { $0.pipelineExecutionId == id }
        let status: CodePipeline.PipelineExecutionStatus
        if reached.contains(where: { $0.status == .failed }) {
            status = .failed
        } else if reached.contains(where: { $0.status != .succeeded && $0.status != .inProgress }) {
            return .cannotTell
        } else if let last = stages.last?.latestExecution, last.pipelineExecutionId == id, last.status == .succeeded {
            status = .succeeded
        } else {
            status = .inProgress
        }
        return .answers(ExecutionSummary(id: id, status: status, startedAt: passedSource, updatedAt: nil, commit: commit,
                                         commitMessage: commitMessage(summary), trigger: nil))
    }

    static func summary(_ execution: CodePipeline.PipelineExecutionSummary) -> ExecutionSummary {
        let source = execution.sourceRevisions?.first
        return ExecutionSummary(
            id: execution.pipelineExecutionId ?? "", status: execution.status ?? CodePipeline.PipelineExecutionStatus(rawValue: "Unknown"),
            startedAt: execution.startTime, updatedAt: execution.lastUpdateTime,
            commit: source?.revisionId, commitMessage: source?.revisionSummary.flatMap(commitMessage),
            trigger: execution.trigger?.triggerType)
    }

    static func stages(_ state: CodePipeline.GetPipelineStateResponse) -> [StageStatus] {
        (state.stageStates ?? []).map { stage in
            StageStatus(
                name: stage.stageName ?? "?", status: stage.latestExecution?.status,
                executionId: stage.latestExecution?.pipelineExecutionId,
                actions: (stage.actionStates ?? []).map { action in
                    let execution = action.latestExecution
                    let inProgress = execution?.status == .inProgress
                    return ActionStatus(
                        name: action.actionName ?? "?", status: execution?.status, summary: execution?.summary,
                        errorMessage: execution?.errorDetails?.message, lastChange: execution?.lastStatusChange,
                        externalExecutionId: execution?.externalExecutionId, externalExecutionUrl: execution?.externalExecutionUrl,
                        awaitingApproval: inProgress && execution?.token != nil)
                })
        }
    }

    /// The first line of a commit message. CodeConnections sources report the revision summary
    /// as JSON (`{"ProviderType":"GitHub","CommitMessage":"…"}`), GitHub OAuth sources as text.
    static func commitMessage(_ summary: String) -> String? {
        var text = summary
        if summary.hasPrefix("{"), let json = try? JSONValue.parse(Array(summary.utf8)), let message = json["CommitMessage"]?.stringValue {
            text = message
        }
        let line = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
        return line.isEmpty ? nil : line
    }
}

/// What a pipeline's definition says that status shows.
struct PipelineDefinition: Sendable, Equatable {
    let trigger: String
    let executionMode: CodePipeline.ExecutionMode
}

/// The app's pipelines as the file defines them, confirmed against the account listings (the
/// pipeline versions and the tags the plan reads): a pipeline listed at the version its
/// fingerprint tag was written for, with the file's fingerprint, is still what the file says.
struct PipelineDefinitions: Sendable {
    private let desired: [String: PipelineResource]
    private let listings: AccountListings
    private let context: EngineContext

    init(reader: StatusReader) {
        let state = DesiredState(file: reader.file, account: reader.context.account, region: reader.context.region,
                                 deployerPackage: DeployerPackage(zip: []))
        desired = Dictionary(state.resources().compactMap { $0 as? PipelineResource }.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        context = reader.context
        listings = AccountListings(context: reader.context, listsRoles: false, taggedTypes: ["codepipeline"])
    }

    /// The definition without reading the pipeline, or nil when the listings cannot confirm it.
    func confirmed(_ name: String) async -> PipelineDefinition? {
        guard let pipeline = desired[name], (try? await pipeline.isConfirmed(by: listings, context)) == true else { return nil }
        return PipelineDefinition(trigger: pipeline.triggerText, executionMode: pipeline.executionMode ?? .superseded)
    }
}
