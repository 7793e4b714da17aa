import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// CodePipeline against the emulator: a Source → Build → Deploy pipeline as Slipway makes
/// it, its executions and state, and the job results the deployer reports.
@Suite("CodePipeline") struct CodePipelineTests {
    typealias Support = DeployServicesTestSupport
    typealias Pipeline = CodePipeline

    /// Every action member that the emulator fills in with a default is given, so what is read
    /// back must equal what was sent.
    static func declaration(name: String, role: String) -> Pipeline.PipelineDeclaration {
        Pipeline.PipelineDeclaration(
            name: name, roleArn: role,
            artifactStore: .init(type: .s3, location: "demo-artifacts-123456789012-us-east-1"),
            stages: [
                .init(name: "Source", actions: [.init(
                    name: "Source",
                    actionTypeId: .init(category: .source, owner: .aws, provider: "CodeStarSourceConnection", version: "1"),
                    runOrder: 1,
                    configuration: [
                        "ConnectionArn": "arn:aws:codeconnections:us-east-1:123456789012:connection/1a2b3c4d",
                        "FullRepositoryId": "hms-dbmi/SciAuth", "BranchName": "development", "OutputArtifactFormat": "CODE_ZIP",
                    ],
                    outputArtifacts: [.init(name: "SourceOutput")], inputArtifacts: [], namespace: "SourceVariables")]),
                .init(name: "Build", actions: [.init(
                    name: "Build", actionTypeId: .init(category: .build, owner: .aws, provider: "CodeBuild", version: "1"), runOrder: 1,
                    configuration: ["ProjectName": name],
                    outputArtifacts: [.init(name: "BuildOutput")], inputArtifacts: [.init(name: "SourceOutput")])]),
                .init(name: "Deploy", actions: [.init(
                    name: "Deploy", actionTypeId: .init(category: .invoke, owner: .aws, provider: "Lambda", version: "1"), runOrder: 1,
                    configuration: ["FunctionName": "demo-deployer", "UserParameters": #"{"cluster":"demo","service":"web"}"#],
                    outputArtifacts: [], inputArtifacts: [.init(name: "BuildOutput")], region: "us-east-1")]),
            ],
            executionMode: .queued, pipelineType: .v2)
    }

    @Test func pipelineRoundTrip() async throws {
        let client = try await Support.client()
        let codepipeline = CodePipeline(client: client)
        let role = try await Support.role(client, assumedBy: "codepipeline.amazonaws.com")
        let name = Support.unique("slipway-pipeline")
        var declaration = Self.declaration(name: name, role: role)
        let tags = [Pipeline.Tag(key: "slipway:app", value: "demo"), Pipeline.Tag(key: "slipway:env", value: "development")]

        let created = try await codepipeline.createPipeline(.init(pipeline: declaration, tags: tags))
        #expect(created.pipeline?.name == name)
        #expect(created.pipeline?.version == 1)
        #expect(Set(created.tags ?? []) == Set(tags))

        let read = try await codepipeline.getPipeline(.init(name: name))
        declaration.version = 1
        #expect(read.pipeline == declaration)
        let arn = try #require(read.metadata?.pipelineArn)
        #expect(arn.hasSuffix(":\(name)"))
        #expect(read.metadata?.created != nil)
        #expect(read.metadata?.updated != nil)

        // Tags.
        #expect(Set(try await codepipeline.listAllTags(resourceArn: arn)) == Set(tags))
        let extra = Pipeline.Tag(key: "slipway:service", value: "web")
        try await codepipeline.tagResource(.init(resourceArn: arn, tags: [extra]))
        #expect(Set(try await codepipeline.listTagsForResource(.init(resourceArn: arn)).tags ?? []) == Set(tags + [extra]))
        try await codepipeline.untagResource(.init(resourceArn: arn, tagKeys: [try #require(extra.key)]))
        #expect(Set(try await codepipeline.listAllTags(resourceArn: arn)) == Set(tags))

        // A manual approval before Deploy: version 2.
        declaration.stages?.insert(.init(name: "Approve", actions: [.init(
            name: "Approve", actionTypeId: .init(category: .approval, owner: .aws, provider: "Manual", version: "1"), runOrder: 1,
            configuration: ["CustomData": "Deploy web to production?"], outputArtifacts: [], inputArtifacts: [])]), at: 2)
        let updated = try await codepipeline.updatePipeline(.init(pipeline: declaration))
        #expect(updated.pipeline?.version == 2)
        declaration.version = 2
        #expect(try await codepipeline.getPipeline(.init(name: name)).pipeline == declaration)
        let summary = try #require(try await codepipeline.listAllPipelines().first { $0.name == name })
        #expect(summary.version == 2)
        #expect(summary.created != nil)

        // A run, read back three ways.
        let executionID = try #require(try await codepipeline.startPipelineExecution(.init(
            name: name, clientRequestToken: UUID().uuidString)).pipelineExecutionId)
        let execution = try #require(try await codepipeline.getPipelineExecution(.init(
            pipelineName: name, pipelineExecutionId: executionID)).pipelineExecution)
        #expect(execution.pipelineExecutionId == executionID)
        #expect(execution.pipelineName == name)
        #expect(execution.pipelineVersion == 2)
        #expect(execution.status != nil)
        #expect(execution.trigger?.triggerType == "StartPipelineExecution")
        let executions = try await codepipeline.listPipelineExecutions(.init(pipelineName: name, maxResults: 10))
        let latest = try #require(executions.pipelineExecutionSummaries?.first)
        #expect(latest.pipelineExecutionId == executionID)
        #expect(latest.status == execution.status)
        #expect(latest.startTime != nil)
        let state = try await codepipeline.getPipelineState(.init(name: name))
        #expect(state.pipelineName == name)
        #expect(state.pipelineVersion == 2)
        #expect(state.stageStates?.compactMap(\.stageName) == ["Source", "Build", "Approve", "Deploy"])
        #expect(state.stageStates?.first?.latestExecution?.pipelineExecutionId == executionID)
        #expect(state.stageStates?.first?.actionStates?.first?.actionName == "Source")
        #expect(state.stageStates?.first?.inboundTransitionState?.enabled == true)

        try await codepipeline.deletePipeline(.init(name: name))
        await Support.expectAWSError("PipelineNotFoundException") { _ = try await codepipeline.getPipeline(.init(name: name)) }
        await Support.expectAWSError("PipelineNotFoundException") { _ = try await codepipeline.getPipelineState(.init(name: name)) }
        await Support.expectAWSError("PipelineNotFoundException") {
            _ = try await codepipeline.startPipelineExecution(.init(name: name))
        }
        // Deleting what is already gone succeeds, as in AWS.
        try await codepipeline.deletePipeline(.init(name: name))
    }

    @Test func createPipelineRefusesRoleCodePipelineCannotAssume() async throws {
        let client = try await Support.client()
        let role = try await Support.role(client, assumedBy: "codebuild.amazonaws.com")
        let name = Support.unique("slipway-pipeline")
        await Support.expectAWSError("InvalidStructureException") {
            _ = try await CodePipeline(client: client).createPipeline(.init(pipeline: Self.declaration(name: name, role: role)))
        }
    }

    @Test func jobResults() async throws {
        let connection = try await Emulator.shared.connection()
        let codepipeline = CodePipeline(client: connection.client())
        let running = UUID().uuidString.lowercased()
        let succeeded = UUID().uuidString.lowercased()
        let failed = UUID().uuidString.lowercased()
        let token = #"{"deployment":"ecs-svc/123","started":1700000000}"#

        try await codepipeline.putJobSuccessResult(.init(
            jobId: running, continuationToken: token,
            executionDetails: .init(summary: "waiting for ecs-svc/123: 1 of 2 tasks running", percentComplete: 50)))
        try await codepipeline.putJobSuccessResult(.init(
            jobId: succeeded,
            currentRevision: .init(revision: "demo-web:7", changeIdentifier: "demo-web:7"),
            executionDetails: .init(summary: "deployed demo-web:7", externalExecutionId: "ecs-svc/123", percentComplete: 100),
            outputVariables: ["taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/demo-web:7"]))
        let longReason = String(repeating: "é🚀", count: 3000)
        let details = Pipeline.FailureDetails(type: .jobFailed, truncating: longReason, externalExecutionId: "ecs-svc/123")
        #expect(details.message.unicodeScalars.count <= Pipeline.FailureDetails.messageLimit)
        try await codepipeline.putJobFailureResult(.init(jobId: failed, failureDetails: details))

        let results = try await connection.jobResults()
        func result(_ id: String) -> JSONValue? { results.first { $0["jobId"]?.stringValue == id } }
        let first = try #require(result(running))
        #expect(first["kind"]?.stringValue == "success")
        #expect(first["continuationToken"]?.stringValue == token)
        #expect(first["executionDetails"]?["percentComplete"] == .number(50))
        let second = try #require(result(succeeded))
        #expect(second["currentRevision"]?["revision"]?.stringValue == "demo-web:7")
        #expect(second["outputVariables"]?["taskDefinition"]?.stringValue?.hasSuffix("demo-web:7") == true)
        #expect(second["continuationToken"] == .null || second["continuationToken"] == nil)
        let third = try #require(result(failed))
        #expect(third["kind"]?.stringValue == "failure")
        #expect(third["failureDetails"]?["type"]?.stringValue == "JobFailed")
        #expect(third["failureDetails"]?["message"]?.stringValue == details.message)
        #expect(third["failureDetails"]?["externalExecutionId"]?.stringValue == "ecs-svc/123")

        // What AWS refuses, the emulator refuses too: its model check answers before moto does
        // (Tests/TestData/model-violations/expected.json lists these two).
        let tooLong = String(repeating: "x", count: Pipeline.PutJobSuccessResultRequest.continuationTokenLimit + 1)
        #expect(!Pipeline.PutJobSuccessResultRequest.isValidContinuationToken(tooLong))
        await Support.expectAWSError("SlipwayModelViolation") {
            try await codepipeline.putJobSuccessResult(.init(jobId: UUID().uuidString.lowercased(), continuationToken: tooLong))
        }
        await Support.expectAWSError("SlipwayModelViolation") {
            try await codepipeline.putJobFailureResult(.init(jobId: UUID().uuidString.lowercased(),
                                                              failureDetails: .init(type: .jobFailed, message: "")))
        }
    }

    @Test(arguments: [
        ("", 10, "-"),
        ("short", 10, "short"),
        ("exactly10!", 10, "exactly10!"),
        ("eleven char", 10, "eleven ch…"),
        ("🚀🚀🚀🚀🚀🚀", 4, "🚀🚀🚀…"),
        // A flag is two scalars: it is kept whole or dropped whole.
        ("🇨🇭🇨🇭🇨🇭", 4, "🇨🇭…"),
    ])
    func truncation(text: String, limit: Int, expected: String) {
        let cut = CodePipeline.truncated(text, to: limit)
        #expect(cut == expected)
        #expect(cut.unicodeScalars.count <= max(limit, 1))
    }

    @Test func failureDetailsKeepsAWSLimits() {
        #expect(Pipeline.FailureDetails(type: .configurationError, truncating: "").message == "no reason given")
        let exact = String(repeating: "a", count: 5000)
        #expect(Pipeline.FailureDetails(type: .jobFailed, truncating: exact).message == exact)
        let over = Pipeline.FailureDetails(type: .jobFailed, truncating: exact + "b").message
        #expect(over.unicodeScalars.count == 5000)
        #expect(over.hasSuffix("…"))
        #expect(Pipeline.PutJobSuccessResultRequest.isValidContinuationToken(String(repeating: "t", count: 2048)))
        #expect(!Pipeline.PutJobSuccessResultRequest.isValidContinuationToken(""))
    }
}
