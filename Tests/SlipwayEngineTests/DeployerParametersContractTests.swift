import DeployerInterface
import Foundation
import SlipwayConfig
import SlipwayTestSupport
@testable import SlipwayEngine
import Testing

/// What `apply` writes as the Deploy action's `UserParameters` is what the deployer reads:
/// for the example, and for names at the longest `slipway.yml` allows.
struct DeployerParametersContractTests {
    static func parametersApplyWrites(_ file: SlipwayFile) -> [String: String] {
        let desired = DesiredState(file: file, account: "123456789012", region: "us-east-1", deployerPackage: ApplyExampleTests.Stack.package)
        var written: [String: String] = [:]
        for case let pipeline as PipelineResource in desired.resources() {
            written[pipeline.address.name] = pipeline.desired.first { $0.id == PipelineResource.Fields.deployerParameters }?.value?.text
        }
        return written
    }

    @Test func theExamplesParametersReadBackAsWritten() throws {
        let file = try ConfigLoader.load(path: ExampleApp.examplePath, variables: [:])
        let written = Self.parametersApplyWrites(file)
        #expect(written.count == 4)
        for service in file.environments.flatMap({ file.services(in: $0.name.value) }) {
            let text = try #require(written[service.names.pipeline])
            let read = try DeployerParameters.parse(text)
            #expect(read == DeployerParameters(cluster: file.cluster.name.value, service: service.names.ecsService,
                                               family: service.names.taskFamily, container: service.names.containerName))
            #expect(read.problems().isEmpty)
            #expect(read.jsonText() == text, "the deployer would write back the same text")
        }
    }

    @Test func theLongestNamesStayWithinCodePipelinesLimit() throws {
        let app = String(repeating: "a", count: 20)
        // The longest role name, {app}-{env}-{service}-task-exec, leaves 32 characters to both keys.
        let service = String(repeating: "s", count: 20)
        let text = """
            app: \(app)
            source:
              owner: org
              connection: arn:aws:codeconnections:us-east-1:123456789012:connection/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d
            cluster:
              name: \(String(repeating: "c", count: 255))
              subnets: [subnet-0a1b2c3d4e5f60718]
              security_groups: [sg-0a1b2c3d4e5f60718]
            environments:
              \(String(repeating: "e", count: 12)):
                branch: main
            services:
              \(service):
                repo: r
                port: 8000

            """
        let file = try ConfigLoader.load(text: text, fileName: "slipway.yml", variables: [:])
        let written = Self.parametersApplyWrites(file)
        #expect(written.count == 1)
        for (_, parameters) in written {
            #expect(parameters.count <= DeployerParameters.maximumLength)
            #expect(try DeployerParameters.parse(parameters).problems().isEmpty)
        }
    }
}
