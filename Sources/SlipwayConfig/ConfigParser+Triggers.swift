extension ConfigParser {
    static let pathFilterKeys = ["include", "exclude"]

    /// An environment's `trigger` and, with `trigger: tags`, its `tags`.
    mutating func parseTrigger(_ map: FieldMap, environment: Located<String>) -> Located<PipelineTrigger>? {
        var keyword = Located("push", at: map.owner.keyPosition)
        if let field = map["trigger"] {
            guard let written = string(field, expected: "push, tags or manual") else { return nil }
            guard PipelineTrigger.keywords.contains(written.value) else {
                let advice = KeySuggestion.closest(to: written.value, among: PipelineTrigger.keywords)
                    .map { "did you mean '\($0)'?" } ?? "use \(EnglishList.or(PipelineTrigger.keywords))"
                report(written.position, "\(field.path) '\(written.value)' is not a trigger; \(advice)")
                return nil
            }
            keyword = written
        }
        let tagsField = map["tags"]
        guard keyword.value == "tags" else {
            if let tagsField {
                report(
                    tagsField.keyPosition,
                    "\(tagsField.path) applies only with trigger: tags; add trigger: tags to \(environment.value) or remove tags")
                return nil
            }
            return Located(keyword.value == "manual" ? .manual : .push, at: keyword.position)
        }
        guard let tagsField else {
            let defaults = PipelineTrigger.defaultTagPatterns.map { Located($0, at: keyword.position) }
            return Located(.tags(defaults), at: keyword.position)
        }
        guard let patterns = parsePatterns(tagsField, what: "tag", problem: GitGlob.tagProblem) else { return nil }
        return Located(.tags(patterns), at: keyword.position)
    }

    /// A service's `paths`: a list of include globs, or a mapping with include and exclude lists.
    mutating func parsePaths(_ field: ConfigField) -> PathFilter? {
        if case .sequence = field.node.content {
            return parsePatterns(field, what: "file path", problem: GitGlob.pathProblem).map { PathFilter(include: $0) }
        }
        guard
            let map = mapping(
                field, allowedKeys: Self.pathFilterKeys,
                expected: "a list of file globs, or a mapping with include and exclude lists")
        else { return nil }
        let include = required("include", in: map, advice: "list the globs of the files that start a run, e.g. [services/web/**]")
            .flatMap { parsePatterns($0, what: "file path", problem: GitGlob.pathProblem) }
        var exclude: [Located<String>]? = []
        if let field = map["exclude"] { exclude = parsePatterns(field, what: "file path", problem: GitGlob.pathProblem) }
        guard let include, let exclude else { return nil }
        return PathFilter(include: include, exclude: exclude)
    }

    /// A list of 1 to 8 glob patterns, each of which can match something.
    private mutating func parsePatterns(
        _ field: ConfigField, what: String, problem: (String) -> String?
    ) -> [Located<String>]? {
        guard let items = list(field, expected: "a list of \(what) globs") else { return nil }
        guard (1...GitGlob.maximumPatterns).contains(items.count) else {
            report(
                field.position,
                items.isEmpty
                    ? "\(field.path) is empty; list at least one \(what) glob"
                    : "\(field.path) has \(items.count) globs; CodePipeline allows at most \(GitGlob.maximumPatterns), "
                        + "so combine some (e.g. with {a,b})")
            return nil
        }
        return strings(items, expected: "a \(what) glob") { pattern, _ in problem(pattern) }
    }

    /// What V2 pipelines do and the GitHub OAuth (version 1) source cannot: AWS keeps that source
    /// on V1 pipelines, which have no trigger filters and no execution mode.
    mutating func checkVersion1Source(environments: [DeploymentEnvironment], services: [ServiceDefinition]) {
        let why = "the GitHub OAuth source (oauth_token) runs on CodePipeline V1, which has no trigger filters; "
            + "use a CodeConnections connection instead"
        for environment in environments {
            if case .tags = environment.trigger.value {
                report(environment.trigger.position, "environments.\(environment.name.value).trigger: tags needs a V2 pipeline: \(why)")
            }
            if environment.queue.value {
                report(environment.queue.position, "environments.\(environment.name.value).queue needs a V2 pipeline: \(why)")
            }
        }
        for service in services {
            if let paths = service.paths, let first = paths.include.first {
                report(first.position, "services.\(service.name.value).paths needs a V2 pipeline: \(why)")
            }
        }
    }
}
