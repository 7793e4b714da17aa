/// Where the services' code lives: a GitHub owner and how CodePipeline reaches it.
public struct GitHubSource: Sendable, Equatable {
    /// The GitHub organisation or user that owns every service's repository.
    public var owner: Located<String>
    public var credential: SourceCredential

    public init(owner: Located<String>, credential: SourceCredential) {
        self.owner = owner
        self.credential = credential
    }
}

/// How CodePipeline's Source action authenticates to GitHub.
public enum SourceCredential: Sendable, Equatable {
    /// GitHub version 2: a CodeConnections (formerly CodeStar Connections) connection ARN.
    case connection(Located<String>)
    /// GitHub version 1, the original scripts' way; write-only, never printed.
    case oauthToken(Located<SensitiveString>)
}
