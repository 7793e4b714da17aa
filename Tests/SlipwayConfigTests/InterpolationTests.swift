import SlipwayConfig
import Testing

@Suite struct InterpolationTests {
    @Test func aSetVariableIsSubstituted() throws {
        let text = ConfigTestSupport.minimal(replacing: "owner: acme", with: "owner: ${env:GITHUB_OWNER}")
        let file = try ConfigLoader.load(text: text, variables: ["GITHUB_OWNER": "hms-dbmi"])
        #expect(file.source.owner.value == "hms-dbmi")
    }

    @Test func severalVariablesInOneValue() throws {
        let text = ConfigTestSupport.minimal(
            appending: "    environment:\n      URL: \"https://${env:HOST}:${env:PORT}/\"\n")
        let file = try ConfigLoader.load(text: text, variables: ["HOST": "example.org", "PORT": "8443"])
        #expect(file.service("web", in: "production")?.variables.first?.value == "https://example.org:8443/")
    }

    @Test func anUnsetVariableIsAnErrorAtItsValue() {
        let text = ConfigTestSupport.minimal(replacing: "owner: acme", with: "owner: ${env:GITHUB_OWNER}")
        #expect(
            ConfigTestSupport.errorLines(text, environment: [:]) == [
                "slipway.yml:3:10: source.owner: ${env:GITHUB_OWNER} is not set in the environment; "
                    + "export GITHUB_OWNER or write the value here"
            ])
    }

    @Test func everyUnsetVariableOfAValueIsNamed() {
        let text = ConfigTestSupport.minimal(appending: "    environment:\n      URL: ${env:HOST}:${env:PORT}\n")
        #expect(
            ConfigTestSupport.errorLines(text, environment: [:]) == [
                "slipway.yml:15:12: services.web.environment.URL: ${env:HOST} and ${env:PORT} are not set in the "
                    + "environment; export HOST and PORT or write the value here"
            ])
    }

    @Test func otherDollarTextIsLeftAlone() throws {
        let text = ConfigTestSupport.minimal(appending: "    environment:\n      GREETING: \"${HOME} costs $5\"\n")
        let file = try ConfigLoader.load(text: text, variables: [:])
        #expect(file.service("web", in: "production")?.variables.first?.value == "${HOME} costs $5")
    }
}
