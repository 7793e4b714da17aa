import SlipwayConfig
import Testing

@Suite struct SensitiveValueTests {
    static let token = "ghp_0123456789abcdefSECRET"
    static let secretARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:sciauth-db"

    static func load() throws -> SlipwayFile {
        let text = ExampleConfig.text.replacingFirst(
            "connection: arn:aws:codeconnections:us-east-1:123456789012:connection/1a2b3c4d",
            with: "oauth_token: ${env:GITHUB_OAUTH_TOKEN}")
        return try ConfigLoader.load(text: text, variables: ["GITHUB_OAUTH_TOKEN": token])
    }

    @Test func theTokenIsLoadedButNeverPrinted() throws {
        let file = try Self.load()
        guard case .oauthToken(let token) = file.source.credential else {
            Issue.record("expected an OAuth token, got \(file.source.credential)")
            return
        }
        #expect(token.value.revealed == Self.token)
        #expect(String(describing: token.value) == "(sensitive)")
        #expect(String(reflecting: token.value) == "(sensitive)")
        #expect(!String(describing: file).contains(Self.token))
        #expect(!String(reflecting: file).contains(Self.token))
        var dumped = ""
        dump(file, to: &dumped)
        #expect(!dumped.contains(Self.token))
        #expect(String(describing: file).contains("(sensitive)"))
    }

    @Test func secretARNsAreNeverPrinted() throws {
        let file = try Self.load()
        let resolved = try #require(file.service("sciauth", in: "production"))
        #expect(resolved.secrets.first?.valueFrom.revealed == Self.secretARN)
        #expect(!String(describing: file).contains(Self.secretARN))
        #expect(!String(describing: resolved).contains(Self.secretARN))
    }

    @Test func aWrongTokenIsNotEchoedInTheError() {
        let text = ConfigTestSupport.minimal(
            replacing: "  connection: arn:aws:codeconnections:us-east-1:123456789012:connection/abc\n",
            with: "  oauth_token: [\(Self.token)]\n")
        let lines = ConfigTestSupport.errorLines(text)
        #expect(lines == ["slipway.yml:4:16: source.oauth_token must be a GitHub token, not a list"])
    }
}
