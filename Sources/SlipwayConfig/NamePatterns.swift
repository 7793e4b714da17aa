/// The shapes of names and identifiers that `slipway.yml` accepts.
enum NamePatterns {
    /// app, environment and service keys: `[a-z][a-z0-9-]*`, so every derived AWS name is valid.
    static func isKey(_ text: String) -> Bool {
        text.wholeMatch(of: /[a-z][a-z0-9-]*/) != nil
    }

    /// A key close to `text` that would be valid, for advice; nil when there is none.
    static func suggestedKey(for text: String) -> String? {
        let replaced = String(text.lowercased().map { $0.isLowercaseASCIILetterOrDigit ? $0 : "-" })
        let trimmed = replaced.drop { !("a"..."z").contains($0) }
        let suggestion = String(trimmed)
        return isKey(suggestion) && suggestion != text ? suggestion : nil
    }

    /// A container environment variable name, which is also what `${env:NAME}` accepts.
    static func isVariableName(_ text: String) -> Bool {
        text.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_]*/) != nil
    }

    /// us-east-1, eu-central-2, us-gov-west-1, cn-north-1, …
    static func isRegion(_ text: String) -> Bool {
        text.wholeMatch(of: /[a-z]{2}(-[a-z]+)+-[0-9]+/) != nil
    }

    static func isAccountID(_ text: String) -> Bool {
        text.wholeMatch(of: /[0-9]{12}/) != nil
    }

    /// CodeConnections, or CodeStar Connections (its former name, still accepted by CodePipeline).
    static func isConnectionARN(_ text: String) -> Bool {
        text.wholeMatch(
            of: /arn:aws[a-z-]*:(codeconnections|codestar-connections):[a-z0-9-]+:[0-9]{12}:connection\/[A-Za-z0-9-]+/
        ) != nil
    }

    /// A Secrets Manager secret or an SSM parameter, the two sources ECS reads container secrets from.
    static func isSecretARN(_ text: String) -> Bool {
        text.wholeMatch(of: /arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9\/_+=.@!-]+/) != nil
            || text.wholeMatch(of: /arn:aws[a-z-]*:ssm:[a-z0-9-]+:[0-9]{12}:parameter\/[A-Za-z0-9\/_.-]+/) != nil
    }

    static func isRoleARN(_ text: String) -> Bool {
        text.wholeMatch(of: /arn:aws[a-z-]*:iam::[0-9]{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}/) != nil
    }

    static func isSubnetID(_ text: String) -> Bool {
        text.wholeMatch(of: /subnet-[0-9a-f]+/) != nil
    }

    /// A subnet ID as AWS issues them: 8 hex digits (older subnets) or 17.
    static func isFullSubnetID(_ text: String) -> Bool {
        text.wholeMatch(of: /subnet-([0-9a-f]{8}|[0-9a-f]{17})/) != nil
    }

    static func isSecurityGroupID(_ text: String) -> Bool {
        text.wholeMatch(of: /sg-[0-9a-f]+/) != nil
    }

    /// GitHub user and organisation names: letters, digits and single hyphens, at most 39 characters.
    static func isGitHubOwner(_ text: String) -> Bool {
        text.count <= 39 && text.wholeMatch(of: /[A-Za-z0-9]+(-[A-Za-z0-9]+)*/) != nil
    }

    /// GitHub repository names: letters, digits, `.`, `-` and `_`, at most 100 characters.
    static func isGitHubRepository(_ text: String) -> Bool {
        text.count <= 100 && text != "." && text != ".." && text.wholeMatch(of: /[A-Za-z0-9._-]+/) != nil
    }

    /// ECS cluster names: up to 255 letters, digits, `-` and `_`.
    static func isClusterName(_ text: String) -> Bool {
        text.count <= 255 && text.wholeMatch(of: /[A-Za-z0-9_-]+/) != nil
    }

    /// An address SNS can mail: one '@', something before it, and a domain with a dot.
    static func isEmailAddress(_ text: String) -> Bool {
        text.wholeMatch(of: /[^@\s]+@[^@\s.]+(\.[^@\s.]+)+/) != nil
    }

    /// EventBridge's HttpsEndpoint pattern, with the scheme it requires.
    static func isHTTPSEndpoint(_ text: String) -> Bool {
        text.wholeMatch(of: /https:\/\/(%[0-9A-Fa-f]{2}|[-()_.!~*';\/?:@&=+$,A-Za-z0-9])+/) != nil
    }
}
