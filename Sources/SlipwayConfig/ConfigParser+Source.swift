extension ConfigParser {
    static let sourceKeys = ["owner", "connection", "oauth_token"]

    mutating func parseSource(_ field: ConfigField) -> GitHubSource? {
        guard
            let map = mapping(
                field, allowedKeys: Self.sourceKeys, expected: "a mapping with owner and connection (or oauth_token)")
        else { return nil }
        let owner = required("owner", in: map, advice: "add the GitHub organisation or user that owns the repositories")
            .flatMap { parseOwner($0) }
        let credential = parseCredential(map)
        guard let owner, let credential else { return nil }
        return GitHubSource(owner: owner, credential: credential)
    }

    private mutating func parseOwner(_ field: ConfigField) -> Located<String>? {
        guard let owner = string(field, expected: "a GitHub organisation or user name") else { return nil }
        guard NamePatterns.isGitHubOwner(owner.value) else {
            report(
                owner.position,
                "source.owner '\(owner.value)' is not a GitHub organisation or user name; "
                    + "use letters, digits and single '-', at most 39 characters")
            return nil
        }
        return owner
    }

    private mutating func parseCredential(_ map: FieldMap) -> SourceCredential? {
        switch (map["connection"], map["oauth_token"]) {
        case (nil, nil):
            report(
                map.owner.keyPosition,
                "source needs connection (a CodeConnections ARN, GitHub version 2) or oauth_token (GitHub version 1); "
                    + "add one of them")
            return nil
        case (let connection?, let token?):
            let later = connection.keyPosition < token.keyPosition ? connection : token
            report(
                later.keyPosition,
                "source has both connection and oauth_token; keep only one "
                    + "(connection for GitHub version 2, oauth_token for version 1)")
            return nil
        case (let connection?, nil):
            return parseConnection(connection).map(SourceCredential.connection)
        case (nil, let token?):
            return parseOAuthToken(token).map(SourceCredential.oauthToken)
        }
    }

    private mutating func parseConnection(_ field: ConfigField) -> Located<String>? {
        guard let connection = string(field, expected: "a CodeConnections ARN") else { return nil }
        guard NamePatterns.isConnectionARN(connection.value) else {
            report(
                connection.position,
                "source.connection '\(connection.value)' is not a connection ARN; write it like "
                    + "arn:aws:codeconnections:REGION:ACCOUNT:connection/ID")
            return nil
        }
        return connection
    }

    private mutating func parseOAuthToken(_ field: ConfigField) -> Located<SensitiveString>? {
        guard let token = string(field, expected: "a GitHub token", sensitive: true) else { return nil }
        guard !token.value.isEmpty else {
            report(
                token.position, "source.oauth_token is empty; set it to a GitHub token, e.g. ${env:GITHUB_OAUTH_TOKEN}")
            return nil
        }
        return Located(SensitiveString(token.value), at: token.position)
    }
}
