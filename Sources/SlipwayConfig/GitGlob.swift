/// The glob patterns of CodePipeline V2's trigger filters (Java's glob syntax: `*` within a path
/// segment, `**` across segments, `?`, `[...]`, `{a,b}`, `\` escapes), checked for the mistakes
/// that make a pattern match nothing, which AWS accepts without a word.
enum GitGlob {
    /// AWS's limits on one pattern and on a filter's list (GitFilePathPattern, GitTagPatternList).
    static let lengthRange = 1...255
    static let maximumPatterns = 8

    /// Why a file path pattern can never match a changed file, or nil when it can.
    static func pathProblem(_ pattern: String) -> String? {
        if let problem = syntaxProblem(pattern) { return problem }
        if pattern.hasPrefix("/") {
            return "starts with '/', but paths are relative to the repository's root; "
                + "write '\(pattern.drop { $0 == "/" })'"
        }
        if pattern.hasPrefix("./") { return "starts with './'; write '\(pattern.dropFirst(2))'" }
        if pattern.hasSuffix("/") {
            return "ends with '/', which matches no file; write '\(pattern)**' for every file below it"
        }
        if pattern.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) {
            return "has a '.' or '..' segment, which no path in a commit has"
        }
        return nil
    }

    /// Why a tag pattern can never match a Git tag, or nil when it can.
    static func tagProblem(_ pattern: String) -> String? {
        if let problem = syntaxProblem(pattern) { return problem }
        if pattern.hasPrefix("refs/") {
            return "starts with 'refs/', but tags are matched by their short name; write '\(pattern.dropFirst("refs/tags/".count))'"
        }
        if let character = pattern.first(where: { " ~^:\u{7f}".contains($0) || ($0.asciiValue ?? 32) < 32 }) {
            return "has '\(character == " " ? "a space" : String(character))', which no Git tag name may contain"
        }
        if pattern.contains("..") || pattern.hasPrefix("/") || pattern.hasSuffix("/") || pattern.hasSuffix(".lock") {
            return "is not a possible Git tag name (no '..', no '/' at either end, no '.lock' at the end)"
        }
        return nil
    }

    /// Unbalanced brackets or braces, or a trailing escape: Java's glob rejects them, and AWS's
    /// filter then matches nothing.
    private static func syntaxProblem(_ pattern: String) -> String? {
        guard lengthRange.contains(pattern.count) else {
            return pattern.isEmpty ? "is empty" : "is \(pattern.count) characters; AWS allows at most \(lengthRange.upperBound)"
        }
        var escaped = false
        var inBrackets = false
        var braceDepth = 0
        for character in pattern {
            if escaped {
                escaped = false
                continue
            }
            switch character {
            case "\\": escaped = true
            case "[" where !inBrackets: inBrackets = true
            case "]" where inBrackets: inBrackets = false
            case "{" where !inBrackets:
                if braceDepth > 0 { return "nests '{' inside '{', which glob patterns do not allow" }
                braceDepth += 1
            case "}" where !inBrackets && braceDepth > 0: braceDepth -= 1
            default: break
            }
        }
        if escaped { return "ends with a lone '\\'; escape a character after it or remove it" }
        if inBrackets { return "opens '[' without closing it; write '\\[' for a literal bracket" }
        if braceDepth > 0 { return "opens '{' without closing it" }
        return nil
    }
}
