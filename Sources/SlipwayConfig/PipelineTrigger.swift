/// What starts an environment's pipelines.
public enum PipelineTrigger: Sendable, Equatable {
    /// A push to the environment's branch (the default).
    case push
    /// A pushed Git tag that matches one of these globs, such as `v*`.
    case tags([Located<String>])
    /// Nothing but `slipway release`.
    case manual

    public static let defaultTagPatterns = ["v*"]
    public static let keywords = ["push", "tags", "manual"]
}

/// The files a push must touch to start a service's pipelines: globs relative to the
/// repository's root, as CodePipeline V2's `filePaths` filter takes them.
public struct PathFilter: Sendable, Equatable {
    public var include: [Located<String>]
    public var exclude: [Located<String>]

    public init(include: [Located<String>], exclude: [Located<String>] = []) {
        self.include = include
        self.exclude = exclude
    }
}
