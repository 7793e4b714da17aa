import AWSCore
import AWSServices

/// The CodeBuild project of one service in one environment: a privileged Linux container (for
/// docker) that runs the repository's buildspec with the variables it needs.
struct CodeBuildProjectResource: ManagedResource {
    let name: String
    let role: String
    let compute: String
    let image: String
    let buildspec: String
    let variables: [(String, String)]
    let tags: SlipwayTags
    let dependencies: [ResourceAddress]

    var address: ResourceAddress { ResourceAddress(.codeBuildProject, name) }

    enum Fields {
        static let compute = FieldID("compute")
        static let image = FieldID("image")
        static let privileged = FieldID("privileged")
        static let buildspec = FieldID("buildspec")
        static let variables = FieldID("variables")
        static let serviceRole = FieldID("service role")
    }

    var desired: [Field] {
        [
            Field(Fields.compute, compute),
            Field(Fields.image, image),
            Field(Fields.privileged, boolean: true),
            Field(Fields.buildspec, buildspec),
            Field(Fields.variables, pairs: variables.map { ($0.0, $0.1) }),
            Field(Fields.serviceRole, role),
            tags.field,
        ]
    }

    var readsInBatches: Bool { true }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        guard let project = try await context.batches.projects.load(name) else { return nil }
        let environment = project.environment
        let liveTags = SlipwayTags(live: (project.tags ?? []).map { (key: $0.key, value: $0.value) })
        return LiveResource(fields: [
            Field(Fields.compute, environment?.computeType?.rawValue),
            Field(Fields.image, environment?.image),
            Field(Fields.privileged, boolean: environment?.privilegedMode ?? false),
            Field(Fields.buildspec, project.source?.buildspec),
            Field(Fields.variables, pairs: (environment?.environmentVariables ?? []).compactMap { variable in variable.name.map { ($0, variable.value ?? "") } }),
            Field(Fields.serviceRole, TaskDefinitionResource.roleName(project.serviceRole)),
            liveTags.field,
        ], ownedByApp: liveTags.isOwned(by: context.app))
    }

    func create(_ context: EngineContext) async throws {
        let request = CodeBuild.CreateProjectRequest(
            name: name, description: "Slipway: docker build and push", source: source, artifacts: artifacts,
            environment: environment(context), serviceRole: context.arns.role(role), timeoutInMinutes: 60,
            tags: codeBuildTags, logsConfig: logsConfig)
        _ = try await context.consistency.retryingRoleErrors {
            try await CodeBuild(client: context.client).createProject(request)
        }
    }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let request = CodeBuild.UpdateProjectRequest(
            name: name, source: source, artifacts: artifacts, environment: environment(context),
            serviceRole: context.arns.role(role), tags: codeBuildTags)
        _ = try await context.consistency.retryingRoleErrors {
            try await CodeBuild(client: context.client).updateProject(request)
        }
    }

    func delete(_ context: EngineContext) async throws {
        try await CodeBuild(client: context.client).deleteProject(.init(name: name))
    }

    private var source: CodeBuild.ProjectSource { .init(type: .codepipeline, buildspec: buildspec) }
    private var artifacts: CodeBuild.ProjectArtifacts { .init(type: .codepipeline) }
    private var logsConfig: CodeBuild.LogsConfig { .init(cloudWatchLogs: .init(status: .init(rawValue: "ENABLED"))) }

    private func environment(_ context: EngineContext) -> CodeBuild.ProjectEnvironment {
        .init(type: .linuxContainer, image: image, computeType: .init(rawValue: compute),
              // CodeBuild sets AWS_DEFAULT_REGION and AWS_REGION itself.
              environmentVariables: variables.map { .init(name: $0.0, value: $0.1, type: .plaintext) },
              privilegedMode: true)
    }

    private var codeBuildTags: [CodeBuild.Tag] {
        tags.sortedPairs.map { CodeBuild.Tag(key: $0.key, value: $0.value) }
    }
}
