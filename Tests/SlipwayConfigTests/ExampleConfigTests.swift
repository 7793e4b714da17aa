import SlipwayConfig
import Testing

@Suite struct ExampleConfigTests {
    let file: SlipwayFile

    init() throws {
        file = try ConfigLoader.load(text: ExampleConfig.text, fileName: "slipway.yml", variables: [:])
    }

    @Test func topLevelValuesAndTheirPositions() {
        #expect(file.fileName == "slipway.yml")
        #expect(file.app == Located("dbmi", at: SourcePosition(line: 1, column: 6)))
        #expect(file.region?.value == "us-east-1")
        #expect(file.account?.value == "123456789012")
        #expect(file.account?.position == SourcePosition(line: 3, column: 10))
    }

    @Test func sourceUsesTheConnection() {
        #expect(file.source.owner.value == "hms-dbmi")
        let connection = "arn:aws:codeconnections:us-east-1:123456789012:connection/1a2b3c4d"
        #expect(file.source.credential == .connection(Located(connection, at: SourcePosition(line: 7, column: 15))))
    }

    @Test func cluster() {
        #expect(file.cluster.name.value == "dbmi")
        #expect(file.cluster.subnets.map(\.value) == ["subnet-0a1b2c3d4e5f60718"])
        #expect(file.cluster.subnets.first?.position == SourcePosition(line: 12, column: 13))
        #expect(file.cluster.securityGroups.map(\.value) == ["sg-0a1b2c3d4e5f60718"])
        #expect(file.cluster.assignPublicIP.value == false)
    }

    @Test func environmentsKeepTheFilesOrder() {
        #expect(file.environments.map(\.name.value) == ["development", "production"])
        #expect(file.environments.map(\.branch.value) == ["development", "master"])
        #expect(file.environments.map(\.approval.value) == [false, true])
    }

    @Test func serviceAsWritten() throws {
        let service = try #require(file.services.first)
        #expect(file.services.count == 1)
        #expect(service.name == Located("sciauth", at: SourcePosition(line: 24, column: 3)))
        #expect(service.repo.value == "SciAuth")
        #expect(service.settings.build.compute.value == .medium)
        #expect(service.settings.ports.map(\.value) == [8005])
        #expect(service.settings.environment.map(\.name.value) == ["DJANGO_DEBUG"])
        #expect(service.settings.environment.map(\.value.value) == ["false"])
        #expect(service.overrides.map(\.environment.value) == ["production"])
        #expect(service.overrides.first?.count?.value == 2)
    }

    @Test func developmentUsesTheServicesOwnValues() throws {
        let service = try #require(file.service("sciauth", in: "development"))
        #expect(service.name == "sciauth")
        #expect(service.environment == "development")
        #expect(service.branch == "development")
        #expect(service.requiresApproval == false)
        #expect(service.owner == "hms-dbmi")
        #expect(service.repo == "SciAuth")
        #expect(service.buildspec == "buildspec.yml")
        #expect(service.compute == .medium)
        #expect(service.image == "aws/codebuild/standard:7.0")
        #expect(service.cpu == 256)
        #expect(service.memory == 512)
        #expect(service.ports == [8005])
        #expect(service.count == 1)
        #expect(service.variables == [ResolvedService.Variable(name: "DJANGO_DEBUG", value: "false")])
        #expect(service.secrets.map(\.name) == ["DB_PASSWORD"])
        #expect(
            service.secrets.map(\.valueFrom.revealed)
                == ["arn:aws:secretsmanager:us-east-1:123456789012:secret:sciauth-db"])
        #expect(service.logs == true)
        #expect(service.taskRole == "arn:aws:iam::123456789012:role/sciauth-task")
        #expect(service.names.pipeline == "dbmi-development-sciauth")
    }

    @Test func productionAppliesItsOverride() throws {
        let service = try #require(file.service("sciauth", in: "production"))
        #expect(service.count == 2)
        #expect(service.branch == "master")
        #expect(service.requiresApproval == true)
        #expect(service.cpu == 256)
        #expect(service.names.ecsService == "dbmi-production-sciauth")
    }

    @Test func unknownServiceOrEnvironmentResolvesToNothing() {
        #expect(file.service("sciauth", in: "staging") == nil)
        #expect(file.service("billing", in: "production") == nil)
        #expect(file.services(in: "production").map(\.name) == ["sciauth"])
    }
}
