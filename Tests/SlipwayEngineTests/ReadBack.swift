import AWSCore
import AWSServices
import Foundation
import SlipwayEngine
import Testing

/// Reads the example stack back from the emulator, service by service, and checks the
/// fields DESIGN.md and the apply issue ask for.
enum ReadBack {
    static func verify(stack: ApplyExampleTests.Stack) async throws {
        let client = stack.client
        let app = stack.app
        let account = "123456789012"

        // IAM: one role per job, each trusting its own service, each policy naming its own resources.
        let iam = IAM(client: client)
        let buildRole = try #require(try await iam.getRole(.init(RoleName: "\(app)-production-sciauth-build")).Role)
        #expect(buildRole.AssumeRolePolicyDocument?.contains("codebuild.amazonaws.com") == true)
        let buildPolicy = try await iam.getRolePolicy(.init(RoleName: "\(app)-production-sciauth-build", PolicyName: "slipway")).PolicyDocument ?? ""
        #expect(buildPolicy.contains("arn:aws:ecr:us-east-1:\(account):repository/\(app)/sciauth"))
        #expect(buildPolicy.contains("ecr:PutImage"))
        #expect(buildRole.Tags?.contains { $0.Key == "slipway:app" && $0.Value == app } == true)
        let pipelineRole = try #require(try await iam.getRole(.init(RoleName: "\(app)-production-sciauth-pipeline")).Role)
        #expect(pipelineRole.AssumeRolePolicyDocument?.contains("codepipeline.amazonaws.com") == true)
        let deployerPolicy = try await iam.getRolePolicy(.init(RoleName: "\(app)-deployer", PolicyName: "slipway")).PolicyDocument ?? ""
        #expect(deployerPolicy.contains("iam:PassRole") && deployerPolicy.contains("\(app)-development-scireg-task-exec"))

        // ECR: one repository per service, with a lifecycle policy.
        let ecr = ECR(client: client)
        let policy = try await ecr.getLifecyclePolicy(.init(repositoryName: "\(app)/sciauth")).lifecyclePolicyText ?? ""
        #expect(policy.contains("imageCountMoreThan"))

        // CodeBuild: privileged Linux container with the variables the buildspec needs.
        let projects = try await CodeBuild(client: client).batchGetProjects(.init(names: ["\(app)-production-sciauth", "\(app)-development-scireg"]))
        let sciauth = try #require(projects.projects?.first { $0.name == "\(app)-production-sciauth" })
        #expect(sciauth.environment?.privilegedMode == true)
        #expect(sciauth.environment?.computeType?.rawValue == "BUILD_GENERAL1_MEDIUM")
        #expect(sciauth.environment?.type?.rawValue == "LINUX_CONTAINER")
        let variables = Dictionary((sciauth.environment?.environmentVariables ?? []).map { ($0.name ?? "", $0.value ?? "") }, uniquingKeysWith: { $1 })
        #expect(variables["REPOSITORY_URI"] == "\(account).dkr.ecr.us-east-1.amazonaws.com/\(app)/sciauth")
        #expect(variables["AWS_ACCOUNT_ID"] == account)
        let scireg = try #require(projects.projects?.first { $0.name == "\(app)-development-scireg" })
        #expect(scireg.environment?.computeType?.rawValue == "BUILD_GENERAL1_SMALL")

        // CodePipeline: Source → Build → (Approve in production) → Deploy with small JSON parameters.
        let codePipeline = CodePipeline(client: client)
        let production = try #require(try await codePipeline.getPipeline(.init(name: "\(app)-production-sciauth")).pipeline)
        #expect(production.stages?.map(\.name) == ["Source", "Build", "Approve", "Deploy"])
        let development = try #require(try await codePipeline.getPipeline(.init(name: "\(app)-development-sciauth")).pipeline)
        #expect(development.stages?.map(\.name) == ["Source", "Build", "Deploy"])
        let source = try #require(development.stages?.first?.actions?.first?.configuration)
        #expect(source["FullRepositoryId"] == "hms-dbmi/SciAuth" && source["BranchName"] == "development")
        let deploy = try #require(production.stages?.last?.actions?.first?.configuration)
        #expect(deploy["FunctionName"] == "\(app)-deployer")
        let parameters = try JSONValue.parse(Array((deploy["UserParameters"] ?? "").utf8))
        #expect(parameters["cluster"]?.stringValue == app && parameters["service"]?.stringValue == "\(app)-production-sciauth")
        #expect((deploy["UserParameters"] ?? "").count <= 1000)
        #expect(production.artifactStore?.location == "\(app)-artifacts-\(account)-us-east-1")

        // ECS: Fargate services with awsvpc networking and the circuit breaker, counts per environment.
        let ecs = ECS(client: client)
        let services = try await ecs.describeAllServices(cluster: app, services: ["\(app)-production-sciauth", "\(app)-development-sciauth"]).services ?? []
        let prod = try #require(services.first { $0.serviceName == "\(app)-production-sciauth" })
        #expect(prod.desiredCount == 2)
        #expect(prod.launchType == .fargate)
        #expect(prod.deploymentConfiguration?.deploymentCircuitBreaker == .init(enable: true, rollback: true))
        #expect(prod.networkConfiguration?.awsvpcConfiguration?.subnets?.sorted() == stack.network.subnets.sorted())
        #expect(services.first { $0.serviceName == "\(app)-development-sciauth" }?.desiredCount == 1)

        let definition = try #require(try await ecs.describeTaskDefinition(.init(taskDefinition: "\(app)-production-sciauth")).taskDefinition)
        #expect(definition.cpu == "256" && definition.memory == "512")
        #expect(definition.requiresCompatibilities == [.fargate] && definition.networkMode == .awsvpc)
        let container = try #require(definition.containerDefinitions?.first)
        #expect(container.portMappings?.first?.containerPort == 8005)
        #expect(container.environment?.contains { $0.name == "DJANGO_DEBUG" && $0.value == "false" } == true)
        #expect(container.secrets?.first?.name == "DB_PASSWORD")
        #expect(container.logConfiguration?.options?["awslogs-group"] == "/ecs/\(app)/production/sciauth")
        #expect(definition.executionRoleArn == "arn:aws:iam::\(account):role/\(app)-production-sciauth-task-exec")

        // CloudWatch Logs and the deployer function.
        let group = try await CloudWatchLogs(client: client).logGroup(named: "/ecs/\(app)/production/sciauth")
        #expect(group?.retentionInDays == 30)
        let function = try await Lambda(client: client).getFunction(.init(FunctionName: "\(app)-deployer"))
        #expect(function.Configuration?.Runtime?.rawValue == "provided.al2023")
        #expect(function.Configuration?.Handler == "bootstrap")
        #expect(function.Tags?["slipway:app"] == app)

        try await ReadBackBucket.verify(client: client, bucket: "\(app)-artifacts-\(account)-us-east-1", app: app)
    }
}
