import SlipwayConfig
import Testing

@Suite struct DefaultsAndOverridesTests {
    @Test func defaultsFillWhatTheFileLeavesOut() throws {
        let file = try ConfigLoader.load(text: ExampleConfig.minimal, variables: [:])
        #expect(file.region == nil)
        #expect(file.account == nil)
        #expect(file.cluster.securityGroups.isEmpty)
        #expect(file.cluster.assignPublicIP.value == false)
        #expect(file.environments.first?.approval.value == false)
        let service = try #require(file.service("web", in: "production"))
        #expect(service.buildspec == "buildspec.yml")
        #expect(service.compute == .small)
        #expect(service.image == "aws/codebuild/standard:7.0")
        #expect(service.cpu == 256)
        #expect(service.memory == 512)
        #expect(service.ports == [])
        #expect(service.count == 1)
        #expect(service.variables.isEmpty)
        #expect(service.secrets.isEmpty)
        #expect(service.logs == true)
        #expect(service.taskRole == nil)
    }

    @Test func defaultsPointAtTheServiceThatOmittedThem() throws {
        let file = try ConfigLoader.load(text: ExampleConfig.minimal, variables: [:])
        let settings = try #require(file.services.first?.settings)
        #expect(settings.cpu.position == SourcePosition(line: 12, column: 3))
    }

    @Test func servicesKeepTheFilesOrder() throws {
        let text = ConfigTestSupport.minimal(appending: "  zeta:\n    repo: zeta\n  alpha:\n    repo: alpha\n")
        let file = try ConfigLoader.load(text: text, variables: [:])
        #expect(file.services.map(\.name.value) == ["web", "zeta", "alpha"])
    }

    @Test func overridesReplaceScalarsAndMergeVariables() throws {
        let text = """
            app: shop
            source:
              owner: acme
              connection: arn:aws:codestar-connections:eu-west-1:123456789012:connection/abc
            cluster:
              name: shop
              subnets: [subnet-0a1b]
            environments:
              staging:
                branch: develop
              production:
                branch: main
            services:
              web:
                repo: web
                ports: [8080, 8443]
                environment:
                  MODE: "debug"
                  REGION: "eu"
                environments:
                  production:
                    cpu: 1024
                    memory: 2048
                    port: 443
                    build:
                      compute: BUILD_GENERAL1_LARGE
                    environment:
                      MODE: "release"
                      EXTRA: "yes"
                    logs: false

            """
        let file = try ConfigLoader.load(text: text, variables: [:])
        let staging = try #require(file.service("web", in: "staging"))
        let production = try #require(file.service("web", in: "production"))
        #expect(staging.ports == [8080, 8443])
        #expect(staging.variables.map(\.value) == ["debug", "eu"])
        #expect(staging.compute == .small)
        #expect(production.cpu == 1024)
        #expect(production.memory == 2048)
        #expect(production.ports == [443])
        #expect(production.compute == .large)
        #expect(production.image == "aws/codebuild/standard:7.0")
        #expect(production.logs == false)
        #expect(production.variables.map(\.name) == ["MODE", "REGION", "EXTRA"])
        #expect(production.variables.map(\.value) == ["release", "eu", "yes"])
    }

    @Test(arguments: [
        ("account: 123456789012\n", "123456789012"),
        ("account: 012345678901\n", "012345678901"),
        ("account: \"000000000000\"\n", "000000000000"),
    ])
    func accountKeepsItsDigitsAsWritten(line: String, expected: String) throws {
        let file = try ConfigLoader.load(text: line + ExampleConfig.minimal, variables: [:])
        #expect(file.account?.value == expected)
    }
}
