import SlipwayConfig

/// The least-privilege IAM policy that a person or CI needs to run every Slipway command
/// (plan, apply, destroy, status, release, logs, rollback) for one `slipway.yml`.
///
/// Every resource is named from the same `DesiredState` that apply creates, so the names match
/// exactly; `*` appears only for actions AWS authorizes on no resource (noted where used).
/// Actions are IAM's names, which differ from some API operations' names (S3's
/// `PutBucketEncryption` is authorized as `s3:PutEncryptionConfiguration`).
///
/// IAM allows 6,144 characters in a managed policy, which exact names outgrow at a few services;
/// `compact` names each kind of resource by the app's prefix instead (`role/{app}-*`), which also
/// matches another app whose name starts with this one's and a dash.
public enum OperatorPolicy {
    public static func document(for desired: DesiredState, compact: Bool = false) -> PolicyDocument {
        let arns = desired.arns
        let names = desired.names
        let file = desired.file
        let services = file.environments.flatMap { file.services(in: $0.name.value) }
        let cluster = file.cluster.name.value
        let bucket = desired.bucket

        let patterns = names.patterns
        // Exact names, or with `compact` one pattern per kind (`{app}-*`).
        func named(_ exact: [String], _ pattern: String) -> [String] { compact ? [pattern] : exact }
        let buildRoles = named(services.map { arns.role($0.names.buildRole) }, arns.role(patterns.buildRole))
        let pipelineRoles = named(services.map { arns.role($0.names.pipelineRole) }, arns.role(patterns.pipelineRole))
        let taskExecutionRoles = named(services.map { arns.role($0.names.taskExecutionRole) }, arns.role(patterns.taskExecutionRole))
        let taskRoles = Set(taskExecutionRoles + services.compactMap(\.taskRole)).sorted()
        let ownRoles = named([arns.role(names.deployerRole)] + buildRoles + pipelineRoles + taskExecutionRoles, arns.role(patterns.stem))

        let containerGroups = named(services.filter(\.logs).map(\.names.logGroup), patterns.logGroup)
        let buildGroups = named(services.map(\.names.buildLogGroup), patterns.buildLogGroup)
        // A group as AWS names it in each action: itself, its streams, and `NAME:*` (DescribeLogGroups' form).
        func groupARNs(_ groups: [String]) -> [String] {
            groups.flatMap { [arns.logGroup($0), "\(arns.logGroup($0)):*"] }
        }

        var statements: [PolicyDocument.Statement] = [
            .init(sid: "Roles", actions: [
                "iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePolicy", "iam:GetRole", "iam:GetRolePolicy",
                "iam:ListRolePolicies", "iam:PutRolePolicy", "iam:TagRole", "iam:UpdateAssumeRolePolicy",
            ], resources: unique(ownRoles)),
            // One statement per service that receives roles: the condition keeps each role for its own service.
            passRole("PassBuildRoles", buildRoles, to: "codebuild.amazonaws.com"),
            passRole("PassPipelineRoles", pipelineRoles, to: "codepipeline.amazonaws.com"),
            passRole("PassDeployerRole", [arns.role(names.deployerRole)], to: "lambda.amazonaws.com"),
            passRole("PassTaskRoles", taskRoles, to: "ecs-tasks.amazonaws.com"),
            .init(sid: "ArtifactBucket", actions: [
                "s3:CreateBucket", "s3:DeleteBucket", "s3:GetBucketPublicAccessBlock", "s3:GetBucketTagging",
                "s3:GetBucketVersioning", "s3:GetEncryptionConfiguration", "s3:ListBucket", "s3:ListBucketVersions",
                "s3:PutBucketPublicAccessBlock", "s3:PutBucketTagging", "s3:PutBucketVersioning", "s3:PutEncryptionConfiguration",
            ], resources: [arns.bucket(bucket)]),
            // Destroy empties the bucket (every version) before deleting it.
            .init(sid: "ArtifactObjects", actions: ["s3:DeleteObject", "s3:DeleteObjectVersion"], resources: [arns.objects(in: bucket)]),
            // One apply at a time: the lock object, read, written conditionally and deleted; nothing else in the bucket is read.
            .init(sid: "Lock", actions: ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"], resources: [arns.object(AppLock.key, in: bucket)]),
            .init(sid: "Repositories", actions: [
                "ecr:BatchDeleteImage", "ecr:CreateRepository", "ecr:DeleteRepository", "ecr:DescribeRepositories",
                "ecr:GetLifecyclePolicy", "ecr:ListImages", "ecr:ListTagsForResource", "ecr:PutImageScanningConfiguration",
                "ecr:PutLifecyclePolicy", "ecr:TagResource",
            ], resources: compact ? [arns.ecrRepository(patterns.ecrRepository)] : file.services.map { arns.ecrRepository(names.ecrRepository(service: $0.name.value)) }),
            .init(sid: "LogGroups", actions: [
                "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:ListTagsForResource", "logs:PutRetentionPolicy", "logs:TagResource",
            ], resources: services.contains(where: \.logs) ? groupARNs(containerGroups) : []),
            // AWS authorizes DescribeLogGroups on no particular group (its resource is `log-group:*`).
            .init(sid: "FindLogGroups", actions: ["logs:DescribeLogGroups"], resources: [arns.logGroup("*")]),
            .init(sid: "ReadLogs", actions: ["logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents"],
                  resources: groupARNs((services.contains(where: \.logs) ? containerGroups : []) + buildGroups + [names.deployerLogGroup])),
            .init(sid: "Cluster", actions: ["ecs:DeleteCluster", "ecs:DescribeClusters", "ecs:TagResource"],
                  resources: [arns.ecsCluster(cluster)]),
            // CreateCluster has no resource type in AWS's authorization reference: only "*" is possible.
            .init(sid: "CreateCluster", actions: ["ecs:CreateCluster"], resources: ["*"]),
            // Neither have these task definition actions; tagging a registered revision does.
            .init(sid: "TaskDefinitions", actions: [
                "ecs:DeregisterTaskDefinition", "ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitions", "ecs:RegisterTaskDefinition",
            ], resources: ["*"]),
            .init(sid: "TagTaskDefinitions", actions: ["ecs:TagResource"],
                  resources: unique(named(services.map { arns.taskDefinition($0.names.taskFamily) }, arns.taskDefinition(patterns.stem)))),
            // slipway run: a task of the app's revisions, tagged as it starts, followed and stopped in the app's cluster.
            .init(sid: "RunTasks", actions: ["ecs:RunTask"],
                  resources: unique(named(services.map { arns.taskDefinition($0.names.taskFamily) }, arns.taskDefinition(patterns.stem)))),
            .init(sid: "OneOffTasks", actions: ["ecs:DescribeTasks", "ecs:StopTask", "ecs:TagResource"], resources: [arns.ecsTasks(cluster: cluster)]),
            .init(sid: "Services", actions: [
                "ecs:CreateService", "ecs:DeleteService", "ecs:DescribeServices", "ecs:ListTagsForResource",
                "ecs:TagResource", "ecs:UpdateService",
            ], resources: named(services.map { arns.ecsService(cluster: cluster, $0.names.ecsService) }, arns.ecsService(cluster: cluster, patterns.stem))),
            .init(sid: "BuildProjects", actions: [
                "codebuild:BatchGetBuilds", "codebuild:BatchGetProjects", "codebuild:CreateProject", "codebuild:DeleteProject",
                "codebuild:ListBuildsForProject", "codebuild:UpdateProject",
            ], resources: named(services.map { arns.codeBuildProject($0.names.buildProject) }, arns.codeBuildProject(patterns.stem))),
            .init(sid: "Pipelines", actions: [
                "codepipeline:CreatePipeline", "codepipeline:DeletePipeline", "codepipeline:GetPipeline",
                "codepipeline:GetPipelineExecution", "codepipeline:GetPipelineState", "codepipeline:ListPipelineExecutions",
                "codepipeline:ListTagsForResource", "codepipeline:StartPipelineExecution", "codepipeline:TagResource",
                "codepipeline:UpdatePipeline",
            ], resources: named(services.map { arns.pipeline($0.names.pipeline) }, arns.pipeline(patterns.stem))),
            .init(sid: "Deployer", actions: [
                "lambda:CreateFunction", "lambda:DeleteFunction", "lambda:GetFunction", "lambda:ListTags",
                "lambda:TagResource", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration",
            ], resources: [arns.lambdaFunction(names.deployerFunction)]),
            // A plan lists all roles with their inline policies, the app's tags, the pipelines'
            // versions and the registry's repositories in a few pages (AccountListings); these
            // listings name no resource. All only read; without them a plan reads each resource
            // on its own.
            .init(sid: "ListingReads", actions: [
                "codepipeline:ListPipelines", "ecr:DescribeRepositories", "ecs:ListTaskDefinitionFamilies",
                "iam:GetAccountAuthorizationDetails", "tag:GetResources",
            ], resources: ["*"]),
            // The plan's preflight: where the subnets route (EC2's reads authorize on no resource).
            .init(sid: "NetworkChecks", actions: ["ec2:DescribeRouteTables", "ec2:DescribeSubnets", "ec2:DescribeVpcEndpoints"],
                  resources: ["*"]),
            // The first ECS service in an account needs ECS's service-linked role; AWS creates it on demand.
            .init(sid: "ECSServiceLinkedRole", actions: ["iam:CreateServiceLinkedRole"],
                  resources: ["arn:\(arns.partition):iam::\(desired.account):role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"],
                  condition: ["StringEquals": ["iam:AWSServiceName": "ecs.amazonaws.com"]]),
        ]
        if case .connection(let arn) = file.source.credential {
            // Status reads the connection; creating or changing a pipeline that uses it passes it.
            // The API answers to both of its names, so both ARN forms are listed.
            statements.append(.init(sid: "GitHubConnection", actions: [
                "codeconnections:GetConnection", "codeconnections:PassConnection",
                "codestar-connections:GetConnection", "codestar-connections:PassConnection",
            ], resources: connectionARNs(arn.value)))
        }
        statements += webFrontStatements(for: desired)
        statements += notificationStatements(for: desired, compact: compact)
        return PolicyDocument(statements.filter { !($0.resources ?? []).isEmpty })
    }

    static func passRole(_ sid: String, _ roles: [String], to service: String) -> PolicyDocument.Statement {
        .init(sid: sid, actions: ["iam:PassRole"], resources: unique(roles),
              condition: ["StringEquals": ["iam:PassedToService": service]])
    }

    /// The ARN as written and its form under the API's other name.
    static func connectionARNs(_ arn: String) -> [String] {
        let other = arn.contains(":codestar-connections:")
            ? arn.replacingOccurrences(of: ":codestar-connections:", with: ":codeconnections:")
            : arn.replacingOccurrences(of: ":codeconnections:", with: ":codestar-connections:")
        return unique([arn, other])
    }

    static func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }
}
