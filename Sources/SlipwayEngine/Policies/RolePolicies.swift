import SlipwayConfig
/// The least-privilege policies of the roles Slipway creates: each names its own resources,
/// with `*` only where AWS has no narrower resource for the action.
public enum RolePolicies {
    /// CodeBuild: logs of its own project, the pipeline's artifacts, push to its own repository.
    public static func build(arns: ARNs, project: String, bucket: String, repository: String) -> PolicyDocument {
        let logGroup = ResourceNames.buildLogGroup(project: project)
        return PolicyDocument([
            .init(sid: "Logs", actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                  resources: [arns.logGroup(logGroup), arns.logStreams(logGroup)]),
            .init(sid: "Artifacts", actions: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
                  resources: [arns.objects(in: bucket)]),
            .init(sid: "ArtifactBucket", actions: ["s3:GetBucketAcl", "s3:GetBucketLocation"],
                  resources: [arns.bucket(bucket)]),
            // GetAuthorizationToken has no resource type: AWS allows only "*".
            .init(sid: "RegistryLogin", actions: ["ecr:GetAuthorizationToken"], resources: ["*"]),
            .init(sid: "PushImage", actions: [
                "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload",
                "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart",
            ], resources: [arns.ecrRepository(repository)]),
        ])
    }

    /// CodePipeline: its artifacts, its build project, the deployer function, the GitHub connection.
    public static func pipeline(arns: ARNs, bucket: String, project: String, deployerFunction: String, connection: String?) -> PolicyDocument {
        var statements: [PolicyDocument.Statement] = [
            .init(sid: "Artifacts", actions: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:PutObjectAcl"],
                  resources: [arns.objects(in: bucket)]),
            .init(sid: "ArtifactBucket", actions: ["s3:GetBucketVersioning", "s3:GetBucketLocation"],
                  resources: [arns.bucket(bucket)]),
            .init(sid: "Build", actions: ["codebuild:BatchGetBuilds", "codebuild:StartBuild"],
                  resources: [arns.codeBuildProject(project)]),
            .init(sid: "Deploy", actions: ["lambda:InvokeFunction"], resources: [arns.lambdaFunction(deployerFunction)]),
        ]
        if let connection {
            // The service was renamed: IAM knows the action under both prefixes, and each prefix's
            // action names a connection by the ARN of its own prefix, so both forms of the ARN are listed.
            statements.append(.init(sid: "Source", actions: ["codeconnections:UseConnection", "codestar-connections:UseConnection"],
                                    resources: connectionARNs(connection)))
        }
        return PolicyDocument(statements)
    }

    /// The deployer Lambda: its own logs, job results, the app's task families and services,
    /// and passing the app's task roles to ECS.
    public static func deployer(arns: ARNs, function: String, cluster: String, appNames: String, passRoles: [String]) -> PolicyDocument {
        let logGroup = ResourceNames.lambdaLogGroup(function: function)
        return PolicyDocument([
            .init(sid: "Logs", actions: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                  resources: [arns.logGroup(logGroup), arns.logStreams(logGroup)]),
            // PutJobSuccessResult and PutJobFailureResult have no resource type: AWS allows only "*".
            .init(sid: "JobResults", actions: ["codepipeline:PutJobFailureResult", "codepipeline:PutJobSuccessResult"], resources: ["*"]),
            // These task definition actions have no resource type either.
            .init(sid: "TaskDefinitions", actions: [
                "ecs:DeregisterTaskDefinition", "ecs:DescribeTaskDefinition", "ecs:ListTaskDefinitions",
            ], resources: ["*"]),
            // RegisterTaskDefinition does name the family (task-definition/FAMILY:REVISION): only the app's own.
            .init(sid: "AppTaskDefinitions", actions: ["ecs:RegisterTaskDefinition", "ecs:TagResource"],
                  resources: [arns.taskDefinition(appNames)]),
            .init(sid: "Services", actions: ["ecs:DescribeServices", "ecs:UpdateService"],
                  resources: [arns.ecsService(cluster: cluster, appNames)]),
            .init(sid: "PassTaskRoles", actions: ["iam:PassRole"], resources: passRoles.sorted(),
                  condition: ["StringEquals": ["iam:PassedToService": "ecs-tasks.amazonaws.com"]]),
        ])
    }

    /// A connection ARN under both service prefixes (`codeconnections`, `codestar-connections`).
    static func connectionARNs(_ connection: String) -> [String] {
        let forms = [":codeconnections:", ":codestar-connections:"]
        guard let current = forms.first(where: { connection.contains($0) }) else { return [connection] }
        return forms.map { connection.replacingOccurrences(of: current, with: $0) }
    }

    /// The task execution role: pull its image, write its logs, read its own secrets.
    public static func taskExecution(arns: ARNs, repository: String, logGroup: String?, secretARNs: [String]) -> PolicyDocument {
        var statements: [PolicyDocument.Statement] = [
            .init(sid: "RegistryLogin", actions: ["ecr:GetAuthorizationToken"], resources: ["*"]),
            .init(sid: "PullImage", actions: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                  resources: [arns.ecrRepository(repository)]),
        ]
        if let logGroup {
            statements.append(.init(sid: "Logs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
                                    resources: [arns.logStreams(logGroup)]))
        }
        let secrets = secretARNs.filter { $0.contains(":secretsmanager:") }.sorted()
        let parameters = secretARNs.filter { $0.contains(":ssm:") }.sorted()
        if !secrets.isEmpty {
            statements.append(.init(sid: "Secrets", actions: ["secretsmanager:GetSecretValue"], resources: secrets))
        }
        if !parameters.isEmpty {
            statements.append(.init(sid: "Parameters", actions: ["ssm:GetParameters"], resources: parameters))
        }
        return PolicyDocument(statements)
    }
}
