import DeployerInterface
import SlipwayConfig

/// Every resource `slipway.yml` asks for, in one account and region.
public struct DesiredState: Sendable {
    public let file: SlipwayFile
    public let account: String
    public let region: String
    public let deployerPackage: DeployerPackage

    public init(file: SlipwayFile, account: String, region: String, deployerPackage: DeployerPackage) {
        self.file = file
        self.account = account
        self.region = region
        self.deployerPackage = deployerPackage
    }

    var names: ResourceNames { file.names }
    var arns: ARNs { ARNs(region: region, account: account) }
    var app: String { file.app.value }
    public var bucket: String { names.artifactBucket(account: account, region: region) }
    public var bucketAddress: ResourceAddress { ResourceAddress(.artifactBucket, bucket) }

    /// The artifact bucket without its settings (the plan's change to it makes those): where a
    /// first apply holds the app's lock.
    public func createArtifactBucket(_ context: EngineContext) async throws {
        try await ArtifactBucketResource(name: bucket, tags: sharedTags).createBucket(context)
    }

    /// Tags of what all environments share.
    var sharedTags: SlipwayTags {
        SlipwayTags([ResourceNames.appTag: app, ResourceNames.environmentTag: "all", ResourceNames.serviceTag: "all"])
    }

    /// All resources, or those of one environment (without what the environments share).
    public func resources(environment only: String? = nil) -> [any ManagedResource] {
        var resources: [any ManagedResource] = []
        if only == nil { resources += sharedResources() }
        for environment in file.environments where only == nil || environment.name.value == only {
            resources += webFrontResources(environment: environment.name.value)
            if file.mentionsNotifications { resources += notificationResources(environment: environment.name.value) }
            for service in file.services(in: environment.name.value) {
                resources += serviceResources(service)
                resources.append(scalingResource(service))
            }
        }
        return resources
    }

    func sharedResources() -> [any ManagedResource] {
        var resources: [any ManagedResource] = [
            ArtifactBucketResource(name: bucket, tags: sharedTags),
            ClusterResource(name: file.cluster.name.value, tags: sharedTags),
            RoleResource(
                name: names.deployerRole, trust: .trust(service: "lambda.amazonaws.com"),
                policy: RolePolicies.deployer(
                    arns: arns, function: names.deployerFunction, cluster: file.cluster.name.value,
                    appNames: names.patterns.stem, passRoles: passRoles()),
                tags: sharedTags, description: "Slipway \(app): the deployer Lambda"),
            LambdaFunctionResource(
                name: names.deployerFunction, role: names.deployerRole, package: deployerPackage, tags: sharedTags,
                dependencies: [ResourceAddress(.iamRole, names.deployerRole)]),
        ]
        for service in file.services {
            resources.append(ECRRepositoryResource(
                name: names.ecrRepository(service: service.name.value),
                tags: SlipwayTags([ResourceNames.appTag: app, ResourceNames.environmentTag: "all", ResourceNames.serviceTag: service.name.value])))
        }
        return resources
    }

    /// The roles the deployer may hand to ECS: each task execution role and each task role.
    /// The roles the deployer hands to ECS: each task role the file names, and the app's task
    /// execution roles by name while they fit; past `exactRoleLimit` by their name pattern
    /// (`role/{app}-*-task-exec`), as each name would outgrow IAM's 10,240 characters of inline
    /// policy at about 40 services × 3 environments.
    func passRoles() -> [String] {
        var roles: Set<String> = []
        var executionRoles: Set<String> = []
        for environment in file.environments {
            for service in file.services(in: environment.name.value) {
                executionRoles.insert(arns.role(service.names.taskExecutionRole))
                if let taskRole = service.taskRole { roles.insert(taskRole) }
            }
        }
        roles.formUnion(executionRoles.count <= Self.exactRoleLimit ? executionRoles : [arns.role("\(app)-*-task-exec")])
        return roles.sorted()
    }

    static let exactRoleLimit = 60

    func serviceResources(_ service: ResolvedService) -> [any ManagedResource] {
        let names = service.names
        let tags = SlipwayTags(names.tags)
        let repositoryURI = "\(account).dkr.ecr.\(region).amazonaws.com/\(names.ecrRepository)"
        let connection: String? = if case .connection(let arn) = file.source.credential { arn.value } else { nil }
        let clusterName = file.cluster.name.value

        var resources: [any ManagedResource] = [
            RoleResource(
                name: names.buildRole, trust: .trust(service: "codebuild.amazonaws.com"),
                policy: RolePolicies.build(arns: arns, project: names.buildProject, bucket: bucket, repository: names.ecrRepository),
                tags: tags, description: "Slipway \(app): builds \(service.name) for \(service.environment)"),
            RoleResource(
                name: names.pipelineRole, trust: .trust(service: "codepipeline.amazonaws.com"),
                policy: RolePolicies.pipeline(arns: arns, bucket: bucket, project: names.buildProject,
                                              deployerFunction: self.names.deployerFunction, connection: connection),
                tags: tags, description: "Slipway \(app): the pipeline of \(service.name) in \(service.environment)"),
            RoleResource(
                name: names.taskExecutionRole, trust: .trust(service: "ecs-tasks.amazonaws.com"),
                policy: RolePolicies.taskExecution(
                    arns: arns, repository: names.ecrRepository, logGroup: service.logs ? names.logGroup : nil,
                    secretARNs: service.secrets.map(\.valueFrom.revealed)),
                tags: tags, description: "Slipway \(app): runs \(service.name) in \(service.environment)"),
            CodeBuildProjectResource(
                name: names.buildProject, role: names.buildRole, compute: service.compute.rawValue, image: service.image,
                buildspec: service.buildspec,
                variables: [
                    ("AWS_ACCOUNT_ID", account), ("REPOSITORY_URI", repositoryURI),
                    ("IMAGE_REPO_NAME", names.ecrRepository), ("CONTAINER_NAME", names.containerName),
                ],
                tags: tags,
                dependencies: [ResourceAddress(.iamRole, names.buildRole), ResourceAddress(.ecrRepository, names.ecrRepository),
                               ResourceAddress(.artifactBucket, bucket)]),
            TaskDefinitionResource(
                family: names.taskFamily, cpu: service.cpu, memory: service.memory,
                container: .init(
                    name: names.containerName, ports: service.ports,
                    variables: service.variables.map { ($0.name, $0.value) },
                    secrets: service.secrets.map { ($0.name, $0.valueFrom.revealed) },
                    logGroup: service.logs ? names.logGroup : nil),
                initialImage: "\(repositoryURI):latest", executionRole: names.taskExecutionRole, taskRoleARN: service.taskRole,
                cluster: clusterName, serviceName: names.ecsService, tags: tags,
                dependencies: [ResourceAddress(.iamRole, names.taskExecutionRole)]
                    + (service.logs ? [ResourceAddress(.logGroup, names.logGroup)] : [])),
            ECSServiceResource(
                name: names.ecsService, cluster: clusterName, family: names.taskFamily, count: service.count,
                subnets: file.cluster.subnets.map(\.value), securityGroups: file.cluster.securityGroups.map(\.value),
                assignPublicIP: file.cluster.assignPublicIP.value, web: webAttachment(service),
                scaling: service.scaling.map { $0.min...$0.max }, tags: tags,
                dependencies: [ResourceAddress(.ecsCluster, clusterName), ResourceAddress(.taskDefinition, names.taskFamily)]
                    + webDependencies(service)),
            PipelineResource(
                name: names.pipeline, role: names.pipelineRole, bucket: bucket, source: pipelineSource(service),
                starting: .init(trigger: service.trigger, queue: service.queue, paths: service.paths),
                buildProject: names.buildProject, approval: service.requiresApproval,
                deployerFunction: self.names.deployerFunction,
                deployerParameters: DeployerParameters(cluster: clusterName, service: names.ecsService,
                                                       family: names.taskFamily, container: names.containerName).jsonText(),
                tags: tags,
                dependencies: [ResourceAddress(.iamRole, names.pipelineRole), ResourceAddress(.codeBuildProject, names.buildProject),
                               ResourceAddress(.lambdaFunction, self.names.deployerFunction), ResourceAddress(.artifactBucket, bucket),
                               ResourceAddress(.ecsService, names.ecsService)]),
        ]
        if service.logs {
            resources.append(LogGroupResource(name: names.logGroup, retentionDays: 30, tags: tags))
        }
        return resources
    }

    func pipelineSource(_ service: ResolvedService) -> PipelineResource.Source {
        switch file.source.credential {
        case .connection(let arn):
            return .connection(arn: arn.value, repository: "\(service.owner)/\(service.repo)", branch: service.branch)
        case .oauthToken(let token):
            return .oauth(token: token.value.revealed, owner: service.owner, repository: service.repo, branch: service.branch)
        }
    }
}
