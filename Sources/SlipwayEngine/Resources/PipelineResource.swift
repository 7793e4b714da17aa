import AWSCore
import AWSServices

/// The pipeline of one service in one environment: Source (GitHub) → Build (CodeBuild)
/// → Approval (when the environment asks) → Deploy (the deployer Lambda).
struct PipelineResource: ManagedResource {
    enum Source: Sendable {
        /// GitHub through a CodeConnections connection (GitHub version 2).
        case connection(arn: String, repository: String, branch: String)
        /// GitHub version 1 with an OAuth token, as the original scripts did.
        case oauth(token: String, owner: String, repository: String, branch: String)
    }

    let name: String
    let role: String
    let bucket: String
    let source: Source
    let starting: Starting
    let buildProject: String
    let approval: Bool
    let deployerFunction: String
    let deployerParameters: String
    let tags: SlipwayTags
    let dependencies: [ResourceAddress]

    var address: ResourceAddress { ResourceAddress(.pipeline, name) }

    enum Fields {
        static let source = FieldID("source")
        static let pipelineType = FieldID("pipeline type")
        static let trigger = FieldID("trigger")
        static let executionMode = FieldID("execution mode")
        static let oauthToken = FieldID("oauth token", writeOnly: true)
        static let buildProject = FieldID("build project")
        static let approval = FieldID("approval")
        static let deployer = FieldID("deployer")
        static let deployerParameters = FieldID("deployer parameters")
        static let artifactBucket = FieldID("artifact bucket")
        static let role = FieldID("role")
    }

    var desired: [Field] {
        var fields = [Field(Fields.source, Self.describe(sourceAction))]
        if case .oauth(let token, _, _, _) = source {
            fields.append(Field(Fields.oauthToken, token))
        }
        return fields + [
            Field(Fields.pipelineType, pipelineType.rawValue),
            Field(Fields.trigger, triggerText),
            Field(Fields.executionMode, (executionMode ?? .superseded).rawValue),
            Field(Fields.buildProject, buildProject),
            Field(Fields.approval, boolean: approval),
            Field(Fields.deployer, deployerFunction),
            Field(Fields.deployerParameters, document: deployerParameters),
            Field(Fields.artifactBucket, bucket),
            Field(Fields.role, role),
            tags.field,
        ]
    }

    var readsFromListings: Bool { true }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        if let listings = context.listings {
            // The listing has every pipeline of the account: one it lacks does not exist.
            if let versions = try await listings.pipelineVersions.value(), versions[name] == nil { return nil }
            if let confirmed = try await confirmed(by: listings, context) { return confirmed }
        }
        let codePipeline = CodePipeline(client: context.client)
        let arn = context.arns.pipeline(name)
        async let tagsRead = try? await AccountListings.tags(of: arn, in: context.listings) {
            tagMap(try await codePipeline.listAllTags(resourceArn: arn), key: \.key, value: \.value)
        }
        let found = try await notFoundAsNil(CodePipeline.ErrorCode.pipelineNotFound) { try await codePipeline.getPipeline(.init(name: name)).pipeline }
        let liveTagMap = await tagsRead ?? [:]
        guard let pipeline = found ?? nil else { return nil }
        let liveSource = pipeline.sourceAction
        let build = pipeline.firstAction(.build)
        let deploy = pipeline.firstAction(.invoke)
        let liveTags = SlipwayTags(live: liveTagMap)
        return LiveResource(fields: [
            Field(Fields.source, liveSource.map(Self.describe)),
            Field(Fields.pipelineType, (pipeline.pipelineType ?? .v1).rawValue),
            Field(Fields.trigger, Self.liveTriggerText(pipeline, source: liveSource)),
            Field(Fields.executionMode, (pipeline.executionMode ?? .superseded).rawValue),
            Field(Fields.buildProject, build?.configuration?["ProjectName"]),
            Field(Fields.approval, boolean: pipeline.firstAction(.approval) != nil),
            Field(Fields.deployer, deploy?.configuration?["FunctionName"]),
            Field(Fields.deployerParameters, document: deploy?.configuration?["UserParameters"]),
            Field(Fields.artifactBucket, pipeline.artifactStore?.location),
            Field(Fields.role, TaskDefinitionResource.roleName(pipeline.roleArn)),
            liveTags.field,
        ], ownedByApp: liveTags.isOwned(by: context.app))
    }

    /// The pipeline's fields without reading it, when the listings show it at the version its
    /// fingerprint tag was written for and the fingerprint is the file's: nothing has changed it
    /// since Slipway wrote exactly this. Nil when they cannot tell.
    private func confirmed(by listings: AccountListings, _ context: EngineContext) async throws -> LiveResource? {
        guard try await isConfirmed(by: listings, context), let listed = try await listings.tags(of: context.arns.pipeline(name)) else { return nil }
        let liveTags = SlipwayTags(live: listed)
        return LiveResource(fields: desired.filter { $0.id != .tags && !$0.id.writeOnly } + [liveTags.field], ownedByApp: liveTags.isOwned(by: context.app))
    }

    /// Whether the listings show the pipeline at the version its fingerprint tag was written for, with the file's fingerprint.
    func isConfirmed(by listings: AccountListings, _ context: EngineContext) async throws -> Bool {
        guard let version = try await listings.pipelineVersions.value()?[name],
              let listed = try await listings.tags(of: context.arns.pipeline(name)) else { return false }
        return listed[Fingerprint.tagKey] == Self.fingerprintTag(version: version, desired)
    }

    static func fingerprintTag(version: Int, _ fields: [Field]) -> String {
        "\(version):\(Fingerprint.of(fields))"
    }

    func create(_ context: EngineContext) async throws {
        // A new pipeline is always version 1 (AWS's PipelineDeclaration.version).
        let fingerprint = CodePipeline.Tag(key: Fingerprint.tagKey, value: Self.fingerprintTag(version: 1, desired))
        let request = CodePipeline.CreatePipelineRequest(pipeline: declaration(context), tags: pipelineTags + [fingerprint])
        _ = try await context.consistency.retryingRoleErrors {
            try await CodePipeline(client: context.client).createPipeline(request)
        }
    }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let codePipeline = CodePipeline(client: context.client)
        if changes.contains(where: { $0.id != .tags }) {
            let request = CodePipeline.UpdatePipelineRequest(pipeline: declaration(context))
            let updated = try await context.consistency.retryingRoleErrors { try await codePipeline.updatePipeline(request) }
            if let version = updated.pipeline?.version {
                let fingerprint = CodePipeline.Tag(key: Fingerprint.tagKey, value: Self.fingerprintTag(version: version, desired))
                try await codePipeline.tagResource(.init(resourceArn: context.arns.pipeline(name), tags: [fingerprint]))
            }
        }
        if changes.contains(where: { $0.id == .tags }) {
            try await codePipeline.tagResource(.init(resourceArn: context.arns.pipeline(name), tags: pipelineTags))
        }
    }

    func delete(_ context: EngineContext) async throws {
        do {
            try await CodePipeline(client: context.client).deletePipeline(.init(name: name))
        } catch let error as AWSError where error.is(CodePipeline.ErrorCode.pipelineNotFound) {
            return
        }
    }

    // MARK: - The declaration

    func declaration(_ context: EngineContext) -> CodePipeline.PipelineDeclaration {
        var stages = [
            CodePipeline.StageDeclaration(name: "Source", actions: [sourceAction]),
            CodePipeline.StageDeclaration(name: "Build", actions: [
                .init(name: "Build", actionTypeId: .init(category: .build, owner: .aws, provider: "CodeBuild", version: "1"), runOrder: 1,
                      configuration: ["ProjectName": buildProject],
                      outputArtifacts: [.init(name: "BuildOutput")], inputArtifacts: [.init(name: "SourceOutput")]),
            ]),
        ]
        if approval {
            stages.append(.init(name: "Approve", actions: [
                .init(name: "Approve", actionTypeId: .init(category: .approval, owner: .aws, provider: "Manual", version: "1"), runOrder: 1),
            ]))
        }
        stages.append(.init(name: "Deploy", actions: [
            .init(name: "Deploy", actionTypeId: .init(category: .invoke, owner: .aws, provider: "Lambda", version: "1"), runOrder: 1,
                  configuration: ["FunctionName": deployerFunction, "UserParameters": deployerParameters],
                  inputArtifacts: [.init(name: "BuildOutput")]),
        ]))
        return CodePipeline.PipelineDeclaration(
            name: name, roleArn: context.arns.role(role), artifactStore: .init(type: .s3, location: bucket), stages: stages,
            executionMode: executionMode, pipelineType: pipelineType, triggers: triggers)
    }

    var sourceAction: CodePipeline.ActionDeclaration {
        switch source {
        case .connection(let arn, let repository, let branch):
            return .init(
                name: "Source", actionTypeId: .init(category: .source, owner: .aws, provider: "CodeStarSourceConnection", version: "1"), runOrder: 1,
                configuration: ["ConnectionArn": arn, "FullRepositoryId": repository, "BranchName": branch, "OutputArtifactFormat": "CODE_ZIP"]
                    .merging(detectsChanges ? [:] : ["DetectChanges": "false"]) { $1 },
                outputArtifacts: [.init(name: "SourceOutput")])
        case .oauth(let token, let owner, let repository, let branch):
            return .init(
                name: "Source", actionTypeId: .init(category: .source, owner: .thirdParty, provider: "GitHub", version: "1"), runOrder: 1,
                configuration: ["Owner": owner, "Repo": repository, "Branch": branch, "OAuthToken": token, "PollForSourceChanges": String(detectsChanges)],
                outputArtifacts: [.init(name: "SourceOutput")])
        }
    }

    /// The source as the plan shows it: provider, repository and branch, never the token.
    static func describe(_ action: CodePipeline.ActionDeclaration) -> String {
        let configuration = action.configuration ?? [:]
        if action.actionTypeId?.provider == "GitHub" {
            return "GitHub (OAuth) \(configuration["Owner"] ?? "?")/\(configuration["Repo"] ?? "?")@\(configuration["Branch"] ?? "?")"
        }
        return "GitHub \(configuration["FullRepositoryId"] ?? "?")@\(configuration["BranchName"] ?? "?") via \(configuration["ConnectionArn"] ?? "?")"
    }

    private var pipelineTags: [CodePipeline.Tag] {
        tags.sortedPairs.map { CodePipeline.Tag(key: $0.key, value: $0.value) }
    }
}
