import AWSCore
import AWSServices
import SlipwayConfig
import SlipwayTestSupport
@testable import SlipwayEngine
import Testing

/// What a pipeline's trigger and the notification rule's pattern are made of, without AWS.
struct PipelineTriggerDeclarationTests {
    static func pipeline(_ trigger: ResolvedService.Trigger, queue: Bool = false, paths: ResolvedService.Paths? = nil,
                         oauth: Bool = false) -> PipelineResource {
        PipelineResource(
            name: "lab-production-api", role: "lab-production-api-pipeline", bucket: "b",
            source: oauth ? .oauth(token: "t0ken", owner: "acme", repository: "platform", branch: "main")
                : .connection(arn: "arn:aws:codeconnections:us-east-1:123456789012:connection/x", repository: "acme/platform", branch: "main"),
            starting: .init(trigger: trigger, queue: queue, paths: paths), buildProject: "p", approval: false,
            deployerFunction: "lab-deployer", deployerParameters: "{}", tags: SlipwayTags([:]), dependencies: [])
    }

    static func field(_ resource: PipelineResource, _ id: FieldID) -> String? {
        resource.desired.first { $0.id == id }?.value?.text
    }

    @Test func aPushTriggerCarriesTheBranchAndTheFileFilter() throws {
        let resource = Self.pipeline(.push, paths: .init(include: ["services/api/**"], exclude: ["**/*.md"]))
        let filter = try #require(resource.triggers?.first?.gitConfiguration?.push?.first)
        #expect(resource.triggers?.first?.providerType == .codeStarSourceConnection)
        #expect(resource.triggers?.first?.gitConfiguration?.sourceActionName == "Source")
        #expect(filter.branches?.includes == ["main"] && filter.tags == nil)
        #expect(filter.filePaths?.includes == ["services/api/**"] && filter.filePaths?.excludes == ["**/*.md"])
        #expect(Self.field(resource, PipelineResource.Fields.trigger) == "push to main touching services/api/** except **/*.md")
        #expect(Self.field(resource, PipelineResource.Fields.executionMode) == "SUPERSEDED")
        #expect(resource.sourceAction.configuration?["DetectChanges"] == nil)
    }

    @Test func tagsQueueAndManual() throws {
        let tags = Self.pipeline(.tags(["v*", "release-*"]), queue: true)
        #expect(tags.triggers?.first?.gitConfiguration?.push?.first?.tags?.includes == ["v*", "release-*"])
        #expect(tags.executionMode == .queued && tags.pipelineType == .v2)
        let manual = Self.pipeline(.manual)
        #expect(manual.triggers == nil)
        #expect(manual.sourceAction.configuration?["DetectChanges"] == "false")
        #expect(Self.field(manual, PipelineResource.Fields.trigger) == "manual (slipway release)")
    }

    @Test func theOAuthSourceStaysVersion1() {
        let push = Self.pipeline(.push, oauth: true)
        #expect(push.pipelineType == .v1 && push.triggers == nil && push.executionMode == nil)
        #expect(push.sourceAction.configuration?["PollForSourceChanges"] == "true")
        #expect(Self.pipeline(.manual, oauth: true).sourceAction.configuration?["PollForSourceChanges"] == "false")
    }

    /// The live pipeline reads back in the plan's words, so a written pipeline shows no change.
    @Test(arguments: [
        ResolvedService.Trigger.push, .tags(["v*"]), .manual,
    ])
    func aWrittenDeclarationReadsBackTheSame(_ trigger: ResolvedService.Trigger) {
        let resource = Self.pipeline(trigger, paths: trigger == .push ? .init(include: ["a/**", "b/*.py"], exclude: []) : nil)
        let declaration = CodePipeline.PipelineDeclaration(
            name: resource.name, roleArn: "r", stages: [.init(name: "Source", actions: [resource.sourceAction])],
            executionMode: resource.executionMode, pipelineType: resource.pipelineType, triggers: resource.triggers)
        #expect(PipelineResource.liveTriggerText(declaration, source: resource.sourceAction) == resource.triggerText)
    }

    @Test func aVersion1PipelineReadsAsItsOwnChangeDetection() {
        let resource = Self.pipeline(.push)
        let declaration = CodePipeline.PipelineDeclaration(name: resource.name, roleArn: "r", stages: [])
        #expect(PipelineResource.liveTriggerText(declaration, source: resource.sourceAction) == "push to main")
    }

    @Test func theRulesPatternHasOneAlternativePerEvent() throws {
        let pipelines = JSONValue.array([.string("lab-production-api")])
        let one = try JSONValue.parse(Array(DesiredState.eventPattern(pipelines: pipelines, events: [.failed]).utf8))
        #expect(one["$or"] == nil)
        #expect(one["detail-type"]?[0]?.stringValue == "CodePipeline Action Execution State Change")
        #expect(one["detail"]?["state"]?[0]?.stringValue == "FAILED")
        let all = try JSONValue.parse(Array(DesiredState.eventPattern(pipelines: pipelines, events: [.failed, .approval, .succeeded]).utf8))
        let alternatives = all["$or"]?.items ?? []
        #expect(alternatives.count == 3)
        #expect(alternatives[1]["detail"]?["type"]?["category"]?[0]?.stringValue == "Approval")
        #expect(alternatives[2]["detail"]?["type"]?["category"]?[0]?.stringValue == "Invoke")
        #expect(alternatives[2]["detail"]?["state"]?[0]?.stringValue == "SUCCEEDED")
    }
}
