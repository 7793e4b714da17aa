import AWSCore

// Slipway's conveniences over the generated CodePipeline calls (Generated/CodePipeline.swift):
// pagination, and the limits AWS puts on what the deployer reports.
extension CodePipeline {
    /// Every page of `ListPipelines` (AWS allows up to 1,000 pipelines a page).
    public func listAllPipelines(maxResults: Int? = nil) async throws -> [PipelineSummary] {
        try await Pagination.all { token in
            let response = try await listPipelines(ListPipelinesRequest(nextToken: token, maxResults: maxResults))
            return (response.pipelines ?? [], response.nextToken)
        }
    }

    /// Every page of a resource's tags.
    public func listAllTags(resourceArn: String) async throws -> [Tag] {
        try await Pagination.all { token in
            let response = try await listTagsForResource(ListTagsForResourceRequest(resourceArn: resourceArn, nextToken: token))
            return (response.tags ?? [], response.nextToken)
        }
    }

    /// `text` cut, on a character boundary, to at most `limit` Unicode scalars (how AWS counts a
    /// string's length), ending in `…` when cut; `placeholder` when `text` is empty.
    public static func truncated(_ text: String, to limit: Int, placeholder: String = "-") -> String {
        guard !text.isEmpty else { return placeholder }
        guard text.unicodeScalars.count > limit else { return text }
        let ellipsis = "…"
        var kept = ""
        var scalars = 0
        for character in text {
            let size = character.unicodeScalars.count
            guard scalars + size <= limit - ellipsis.unicodeScalars.count else { break }
            kept.append(character)
            scalars += size
        }
        return kept + ellipsis
    }
}

extension CodePipeline.PutJobSuccessResultInput {
    /// The most characters AWS accepts in `continuationToken` (1–2048); AWS refuses anything else,
    /// so a caller must keep the state it carries small. Cutting one short would corrupt it.
    public static let continuationTokenLimit = 2048

    /// Whether AWS accepts `token` as a continuation token (1–2048 characters).
    public static func isValidContinuationToken(_ token: String) -> Bool {
        (1...continuationTokenLimit).contains(token.unicodeScalars.count)
    }
}

extension CodePipeline.ActionDeclaration {
    /// The most characters AWS accepts in one configuration value (`UserParameters` included).
    /// Real AWS shows a GitHub OAuth token in `configuration` as `****`: treat it as write-only.
    public static let configurationValueLimit = 1000
}

extension CodePipeline.FailureDetails {
    /// The most characters AWS accepts in `message` (1–5000; outside that, a `ValidationException`).
    public static let messageLimit = 5000

    /// The same, with `message` cut to what AWS accepts (marked with `…`), and a placeholder
    /// for an empty one.
    public init(type: CodePipeline.FailureType, truncating message: String, externalExecutionId: String? = nil) {
        self.init(type: type, message: CodePipeline.truncated(message, to: Self.messageLimit, placeholder: "no reason given"),
                  externalExecutionId: externalExecutionId)
    }
}

extension CodePipeline {
    /// The error codes of CodePipeline that Slipway acts on.
    public enum ErrorCode {
        public static let pipelineNotFound = AWSErrorCode("PipelineNotFoundException")
        public static let pipelineExecutionNotFound = AWSErrorCode("PipelineExecutionNotFoundException")
        public static let invalidStructure = AWSErrorCode("InvalidStructureException")
    }
}

extension CodePipeline.PipelineDeclaration {
    /// Every action of every stage, in order; a stage or action list the reply left out counts as empty.
    public var allActions: [CodePipeline.ActionDeclaration] { (stages ?? []).flatMap { $0.actions ?? [] } }

    /// The first action of that category (the pipeline's source, build, deploy).
    public func firstAction(_ category: CodePipeline.ActionCategory) -> CodePipeline.ActionDeclaration? {
        allActions.first { $0.actionTypeId?.category == category }
    }

    public var sourceAction: CodePipeline.ActionDeclaration? { firstAction(.source) }
}
