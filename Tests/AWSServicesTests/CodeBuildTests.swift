import AWSCore
import AWSServices
import SlipwayTestSupport
import Testing

/// CodeBuild against the emulator: a project as Slipway makes it (source and artifacts from
/// the pipeline, Docker enabled), read back, updated, built, deleted.
@Suite("CodeBuild") struct CodeBuildTests {
    typealias Support = DeployServicesTestSupport

    static let buildspec = """
        version: 0.2
        phases:
          build:
            commands:
              - docker build -t "$REPOSITORY_URI:$CODEBUILD_RESOLVED_SOURCE_VERSION" .
        """

    static func request(name: String, role: String) -> CodeBuild.CreateProjectRequest {
        CodeBuild.CreateProjectRequest(
            name: name,
            description: "builds web for demo/development",
            source: .init(type: .codepipeline, buildspec: buildspec),
            artifacts: .init(type: .codepipeline),
            environment: .init(
                type: .linuxContainer, image: "aws/codebuild/standard:7.0", computeType: .buildGeneral1Small,
                environmentVariables: [
                    .init(name: "REPOSITORY_URI", value: "123456789012.dkr.ecr.us-east-1.amazonaws.com/demo/web", type: .plaintext),
                    .init(name: "NPM_TOKEN", value: "/demo/npm-token", type: .parameterStore),
                ],
                privilegedMode: true),
            serviceRole: role,
            timeoutInMinutes: 30,
            tags: [.init(key: "slipway:app", value: "demo"), .init(key: "slipway:env", value: "development")],
            logsConfig: .init(cloudWatchLogs: .init(status: .enabled, groupName: "/codebuild/demo", streamName: "web")))
    }

    @Test func projectRoundTrip() async throws {
        let client = try await Support.client()
        let codebuild = CodeBuild(client: client)
        let role = try await Support.role(client, assumedBy: "codebuild.amazonaws.com")
        let name = Support.unique("slipway-build")
        let request = Self.request(name: name, role: role)

        let created = try #require(try await codebuild.createProject(request).project)
        #expect(created.name == name)
        let arn = try #require(created.arn)
        #expect(arn.hasSuffix(":project/\(name)"))
        #expect(created.created != nil)

        let missing = Support.unique("slipway-no-build")
        let read = try await codebuild.batchGetProjects(.init(names: [name, missing]))
        #expect(read.projectsNotFound == [missing])
        let project = try #require(read.projects?.first)
        #expect(project.arn == arn)
        #expect(project.description == request.description)
        #expect(project.source == request.source)
        #expect(project.artifacts == request.artifacts)
        #expect(project.environment == request.environment)
        #expect(project.serviceRole == role)
        #expect(project.timeoutInMinutes == 30)
        #expect(project.logsConfig == request.logsConfig)
        #expect(Set(project.tags ?? []) == Set(request.tags ?? []))

        // A bigger build machine, a longer timeout, another tag.
        let environment = CodeBuild.ProjectEnvironment(
            type: .linuxContainer, image: "aws/codebuild/standard:7.0", computeType: .buildGeneral1Medium,
            environmentVariables: [.init(name: "REPOSITORY_URI", value: "123456789012.dkr.ecr.us-east-1.amazonaws.com/demo/web")],
            privilegedMode: true)
        let tags = (request.tags ?? []) + [.init(key: "slipway:service", value: "web")]
        let updated = try #require(try await codebuild.updateProject(.init(
            name: name, environment: environment, timeoutInMinutes: 60, tags: tags)).project)
        #expect(updated.environment == environment)
        let reread = try #require(try await codebuild.batchGetProjects(.init(names: [name])).projects?.first)
        #expect(reread.environment == environment)
        #expect(reread.timeoutInMinutes == 60)
        #expect(Set(reread.tags ?? []) == Set(tags))
        #expect(reread.source == request.source)
        #expect(reread.serviceRole == role)

        // A build, read back by id and listed for the project.
        let started = try #require(try await codebuild.startBuild(.init(projectName: name, sourceVersion: "refs/heads/development")).build)
        let buildID = try #require(started.id)
        #expect(buildID.hasPrefix("\(name):"))
        #expect(started.projectName == name)
        #expect(started.buildStatus == .inProgress)
        #expect(started.startTime != nil)
        let builds = try await codebuild.batchGetBuilds(.init(ids: [buildID, "\(name):00000000-0000-0000-0000-000000000000"]))
        let build = try #require(builds.builds?.first)
        #expect(build.id == buildID)
        #expect(build.arn?.hasSuffix(":build/\(buildID)") == true)
        #expect(build.sourceVersion == "refs/heads/development")
        #expect(build.phases?.first?.phaseType == "SUBMITTED")
        #expect(build.phases?.first?.phaseStatus == .succeeded)
        #expect(build.buildStatus != nil)
        #expect(build.logs?.cloudWatchLogs?.status == .enabled)
        #expect(try await codebuild.listBuildsForProject(.init(projectName: name, sortOrder: .descending)).ids == [buildID])

        try await codebuild.deleteProject(.init(name: name))
        #expect(try await codebuild.batchGetProjects(.init(names: [name])).projectsNotFound == [name])
        await Support.expectAWSError("ResourceNotFoundException") { _ = try await codebuild.updateProject(.init(name: name, timeoutInMinutes: 5)) }
        await Support.expectAWSError("ResourceNotFoundException") { _ = try await codebuild.listBuildsForProject(.init(projectName: missing)) }
        await Support.expectAWSError("ResourceAlreadyExistsException") {
            _ = try await codebuild.createProject(request)
            _ = try await codebuild.createProject(request)
        }
        try await codebuild.deleteProject(.init(name: name))
    }

    /// `BatchGetProjects` takes 100 names at most: `batchGetAllProjects` splits 101 into two calls.
    @Test func batchGetAllProjectsChunks() async throws {
        let connection = try await Emulator.shared.connection()
        let counter = Support.CallCounter()
        let codebuild = CodeBuild(client: connection.client(observer: { counter.record($0) }))
        let client = connection.client()
        let role = try await Support.role(client, assumedBy: "codebuild.amazonaws.com")
        let name = Support.unique("slipway-batch")
        _ = try await CodeBuild(client: client).createProject(Self.request(name: name, role: role))
        let names = [name] + (1...100).map { "\(name)-missing-\($0)" }
        let all = try await codebuild.batchGetAllProjects(names: names)
        #expect(counter.count("BatchGetProjects") == 2)
        #expect(all.projects?.compactMap(\.name) == [name])
        #expect(all.projectsNotFound == Array(names.dropFirst()))
        try await CodeBuild(client: client).deleteProject(.init(name: name))
    }
}
