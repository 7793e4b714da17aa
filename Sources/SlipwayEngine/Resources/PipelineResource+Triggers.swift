import AWSServices
import SlipwayConfig

/// What starts a pipeline and what a second run does: V2 triggers and execution mode for a
/// CodeConnections source, V1's own change detection for the GitHub OAuth source.
extension PipelineResource {
    struct Starting: Sendable, Equatable {
        var trigger: ResolvedService.Trigger
        var queue: Bool
        var paths: ResolvedService.Paths?
    }

    var isVersion2: Bool {
        if case .connection = source { true } else { false }
    }

    var pipelineType: CodePipeline.PipelineType { isVersion2 ? .v2 : .v1 }

    /// V1 pipelines have no execution mode to set; they behave as SUPERSEDED.
    var executionMode: CodePipeline.ExecutionMode? {
        guard isVersion2 else { return nil }
        return starting.queue ? .queued : .superseded
    }

    /// The V2 trigger: a push to the branch (with the file filter) or of a matching tag; none for manual.
    var triggers: [CodePipeline.PipelineTriggerDeclaration]? {
        guard isVersion2 else { return nil }
        let filter: CodePipeline.GitPushFilter
        switch starting.trigger {
        case .manual:
            return nil
        case .tags(let patterns):
            filter = .init(tags: .init(includes: patterns))
        case .push:
            filter = .init(
                branches: .init(includes: [branch]),
                filePaths: starting.paths.map { .init(includes: $0.include, excludes: $0.exclude.isEmpty ? nil : $0.exclude) })
        }
        return [.init(providerType: .codeStarSourceConnection, gitConfiguration: .init(sourceActionName: "Source", push: [filter]))]
    }

    /// Whether the Source action starts runs by itself (DetectChanges, or PollForSourceChanges for V1).
    var detectsChanges: Bool { starting.trigger != .manual }

    private var branch: String {
        switch source {
        case .connection(_, _, let branch), .oauth(_, _, _, let branch): branch
        }
    }

    /// The trigger as the plan shows it.
    var triggerText: String {
        switch starting.trigger {
        case .manual: return Self.manualText
        case .tags(let patterns): return Self.tagsText(patterns)
        case .push: return Self.pushText(branches: [branch], paths: starting.paths.map { ($0.include, $0.exclude) })
        }
    }

    static let manualText = "manual (slipway release)"

    static func tagsText(_ patterns: [String]) -> String { "tags \(patterns.joined(separator: ", "))" }

    static func pushText(branches: [String], paths: (include: [String], exclude: [String])?) -> String {
        var text = "push to \(branches.joined(separator: ", "))"
        if let paths {
            text += " touching \(paths.include.joined(separator: ", "))"
            if !paths.exclude.isEmpty { text += " except \(paths.exclude.joined(separator: ", "))" }
        }
        return text
    }

    /// The live pipeline's trigger in the same words: its first V2 trigger, or the Source action's
    /// own change detection when it has none.
    static func liveTriggerText(_ pipeline: CodePipeline.PipelineDeclaration, source: CodePipeline.ActionDeclaration?) -> String {
        if let filter = pipeline.triggers?.first?.gitConfiguration?.push?.first {
            if let tags = filter.tags?.includes { return tagsText(tags) }
            let paths = filter.filePaths.map { ($0.includes ?? [], $0.excludes ?? []) }
            return pushText(branches: filter.branches?.includes ?? [], paths: paths)
        }
        let configuration = source?.configuration ?? [:]
        if configuration["DetectChanges"] == "false" || configuration["PollForSourceChanges"] == "false" { return manualText }
        return pushText(branches: [configuration["BranchName"] ?? configuration["Branch"] ?? "?"], paths: nil)
    }
}
