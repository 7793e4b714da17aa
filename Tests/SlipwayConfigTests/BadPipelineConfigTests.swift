import Testing

private func minimal(appending lines: String) -> String { ConfigTestSupport.minimal(appending: lines) }
private func minimal(replacing target: String, with replacement: String) -> String {
    ConfigTestSupport.minimal(replacing: target, with: replacement)
}

/// `minimal` with production's settings after its branch (line 11 onwards); services then start at
/// line 11 + the number of lines given.
private func production(_ lines: String) -> String {
    minimal(replacing: "    branch: main\n", with: "    branch: main\n" + lines)
}

/// `minimal` with the GitHub OAuth (version 1) source in place of the connection (same lines).
private func oauth(_ text: String) -> String {
    text.replacingFirst(
        "  connection: arn:aws:codeconnections:us-east-1:123456789012:connection/abc", with: "  oauth_token: ghp_x")
}

private let version1 = "the GitHub OAuth source (oauth_token) runs on CodePipeline V1, which has no trigger filters; "
    + "use a CodeConnections connection instead"

let badPipelineConfigs: [BadConfig] = [
    // trigger, tags, queue
    BadConfig(
        name: "unknown trigger", text: production("    trigger: tag\n"),
        expected: "slipway.yml:11:14: environments.production.trigger 'tag' is not a trigger; did you mean 'tags'?"),
    BadConfig(
        name: "trigger as a list", text: production("    trigger: [push]\n"),
        expected: "slipway.yml:11:14: environments.production.trigger must be push, tags or manual, not a list"),
    BadConfig(
        name: "tags without trigger: tags", text: production("    tags: [\"v*\"]\n"),
        expected: "slipway.yml:11:5: environments.production.tags applies only with trigger: tags; "
            + "add trigger: tags to production or remove tags"),
    BadConfig(
        name: "empty tag list", text: production("    trigger: tags\n    tags: []\n"),
        expected: "slipway.yml:12:11: environments.production.tags is empty; list at least one tag glob"),
    BadConfig(
        name: "tag glob with a space", text: production("    trigger: tags\n    tags: [\"v 1*\"]\n"),
        expected: "slipway.yml:12:12: environments.production.tags[0] 'v 1*' has 'a space', "
            + "which no Git tag name may contain"),
    BadConfig(
        name: "tag glob with refs/tags/", text: production("    trigger: tags\n    tags: [refs/tags/v*]\n"),
        expected: "slipway.yml:12:12: environments.production.tags[0] 'refs/tags/v*' starts with 'refs/', "
            + "but tags are matched by their short name; write 'v*'"),
    BadConfig(
        name: "tag glob with an open bracket", text: production("    trigger: tags\n    tags: [\"v[0-9*\"]\n"),
        expected: "slipway.yml:12:12: environments.production.tags[0] 'v[0-9*' opens '[' without closing it; "
            + "write '\\[' for a literal bracket"),
    BadConfig(
        name: "nine tag globs",
        text: production("    trigger: tags\n    tags: [a, b, c, d, e, f, g, h, i]\n"),
        expected: "slipway.yml:12:11: environments.production.tags has 9 globs; CodePipeline allows at most 8, "
            + "so combine some (e.g. with {a,b})"),
    BadConfig(
        name: "queue as a string", text: production("    queue: \"yes\"\n"),
        expected: "slipway.yml:11:12: environments.production.queue must be true or false, not a string"),
    // paths
    BadConfig(
        name: "absolute path glob", text: minimal(appending: "    paths: [/services/web/**]\n"),
        expected: "slipway.yml:14:13: services.web.paths[0] '/services/web/**' starts with '/', but paths are "
            + "relative to the repository's root; write 'services/web/**'"),
    BadConfig(
        name: "path glob ending in a slash", text: minimal(appending: "    paths: [services/web/]\n"),
        expected: "slipway.yml:14:13: services.web.paths[0] 'services/web/' ends with '/', which matches no file; "
            + "write 'services/web/**' for every file below it"),
    BadConfig(
        name: "path glob with ..", text: minimal(appending: "    paths: [services/../web/**]\n"),
        expected: "slipway.yml:14:13: services.web.paths[0] 'services/../web/**' has a '.' or '..' segment, "
            + "which no path in a commit has"),
    BadConfig(
        name: "path glob with an open brace", text: minimal(appending: "    paths: [\"services/{web,api/**\"]\n"),
        expected: "slipway.yml:14:13: services.web.paths[0] 'services/{web,api/**' opens '{' without closing it"),
    BadConfig(
        name: "empty paths", text: minimal(appending: "    paths: []\n"),
        expected: "slipway.yml:14:12: services.web.paths is empty; list at least one file path glob"),
    BadConfig(
        name: "paths map without include", text: minimal(appending: "    paths:\n      exclude: [\"**/*.md\"]\n"),
        expected: "slipway.yml:14:5: services.web.paths.include is missing; "
            + "list the globs of the files that start a run, e.g. [services/web/**]"),
    BadConfig(
        name: "paths map with a wrong key",
        text: minimal(appending: "    paths:\n      include: [web/**]\n      excludes: [web/docs/**]\n"),
        expected: "slipway.yml:16:7: unknown key 'excludes' in services.web.paths; did you mean 'exclude'?"),
    BadConfig(
        name: "paths per environment",
        text: minimal(appending: "    environments:\n      production:\n        paths: [web/**]\n"),
        expected: "slipway.yml:16:9: services.web.environments.production.paths cannot differ per environment, "
            + "because a push starts every environment's pipeline from one repository; set paths on the service only"),
    // what the V1 (OAuth) source cannot do
    BadConfig(
        name: "tags with the OAuth source", text: oauth(production("    trigger: tags\n")),
        expected: "slipway.yml:11:14: environments.production.trigger: tags needs a V2 pipeline: \(version1)"),
    BadConfig(
        name: "queue with the OAuth source", text: oauth(production("    queue: true\n")),
        expected: "slipway.yml:11:12: environments.production.queue needs a V2 pipeline: \(version1)"),
    BadConfig(
        name: "paths with the OAuth source", text: oauth(minimal(appending: "    paths: [web/**]\n")),
        expected: "slipway.yml:14:13: services.web.paths needs a V2 pipeline: \(version1)"),
    // notifications
    BadConfig(
        name: "notifications without a target", text: minimal(appending: "notifications:\n  events: [failed]\n"),
        expected: "slipway.yml:14:1: notifications has neither email nor webhook; add a list of addresses or a webhook URL"),
    BadConfig(
        name: "notifications with a wrong key",
        text: minimal(appending: "notifications:\n  email: [a@b.org]\n  event: [failed]\n"),
        expected: "slipway.yml:16:3: unknown key 'event' in notifications; did you mean 'events'?"),
    BadConfig(
        name: "email that is no address", text: minimal(appending: "notifications:\n  email: [ops.example.org]\n"),
        expected: "slipway.yml:15:11: notifications.email[0] 'ops.example.org' is not an email address; "
            + "write it like ops@example.org"),
    BadConfig(
        name: "email listed twice",
        text: minimal(appending: "notifications:\n  email: [ops@example.org, OPS@example.org]\n"),
        expected: "slipway.yml:15:28: notifications.email[1] 'OPS@example.org' is listed twice; keep one"),
    BadConfig(
        name: "webhook over http", text: minimal(appending: "notifications:\n  webhook: http://hooks.example.org/x\n"),
        expected: "slipway.yml:15:12: notifications.webhook is not an https:// URL; EventBridge calls only HTTPS endpoints; "
            + "set it to a chat incoming webhook's URL, e.g. ${env:SLACK_WEBHOOK_URL}"),
    BadConfig(
        name: "unknown event", text: minimal(appending: "notifications:\n  email: [ops@example.org]\n  events: [faild, deployed]\n"),
        expected: "slipway.yml:16:12: notifications.events[0] 'faild' is not a notification event; did you mean 'failed'?\n"
            + "slipway.yml:16:19: notifications.events[1] 'deployed' is not a notification event; use failed, approval or succeeded"),
    BadConfig(
        name: "no events", text: minimal(appending: "notifications:\n  email: [ops@example.org]\n  events: []\n"),
        expected: "slipway.yml:16:11: notifications.events is empty; list failed, approval or succeeded, "
            + "or remove events for failed and approval"),
    BadConfig(
        name: "environment notifications true", text: production("    notifications: true\n"),
        expected: "slipway.yml:11:20: environments.production.notifications must be a mapping with email, webhook and "
            + "events (or false for none), not the boolean true"),
    BadConfig(
        name: "environment key too long for the rule name",
        text: minimal(replacing: "  production:", with: "  production-in-the-european-union-central-areas:")
            .replacingFirst("  web:", with: "  w:") + "notifications:\n  email: [ops@example.org]\n",
        expected: "slipway.yml:9:3: environment 'production-in-the-european-union-central-areas': the EventBridge rule "
            + "name 'shop-production-in-the-european-union-central-areas-notifications' would be 65 characters, over "
            + "AWS's limit of 64; shorten the app or environment key"),
]

@Test("a bad pipeline or notification setting is reported as one exact line", arguments: badPipelineConfigs)
func badPipelineConfigIsReported(_ config: BadConfig) {
    #expect(ConfigTestSupport.errorLines(config.text).joined(separator: "\n") == config.expected)
}

@Test func aWrongWebhookNeverShowsItsURL() {
    let secret = "https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX"
    for text in [
        minimal(appending: "notifications:\n  webhook: \"\(secret) x\"\n"),
        minimal(appending: "notifications:\n  webhook: [\"\(secret)\"]\n"),
        minimal(appending: "notifications:\n  webhook: ${env:HOOK}\n"),
    ] {
        let lines = ConfigTestSupport.errorLines(text, environment: ["HOOK": "http://" + secret.dropFirst(8)])
        #expect(lines.count == 1)
        #expect(!lines.joined().contains("XXXXsecretXXXX"))
    }
}
