/// The name of every AWS resource Slipway creates, derived from the app, environment and service keys.
///
/// The engine takes every name from here, so that validation (which checks them against AWS's
/// limits before any call) and creation can never disagree.
public struct ResourceNames: Sendable, Equatable {
    public static let appTag = "slipway:app"
    public static let environmentTag = "slipway:env"
    public static let serviceTag = "slipway:service"

    public let app: String

    public init(app: String) {
        self.app = app
    }

    /// The deployer Lambda function, `{app}-deployer`.
    public var deployerFunction: String { "\(app)-deployer" }
    /// The deployer function's IAM role (and its inline policy), `{app}-deployer`.
    public var deployerRole: String { "\(app)-deployer" }
    /// Where Lambda writes the deployer's logs.
    public var deployerLogGroup: String { Self.lambdaLogGroup(function: deployerFunction) }
    /// The group Lambda writes a function's logs to, `/aws/lambda/{function}`.
    public static func lambdaLogGroup(function: String) -> String { "/aws/lambda/\(function)" }
    /// The group CodeBuild writes a project's logs to unless told otherwise, `/aws/codebuild/{project}`.
    public static func buildLogGroup(project: String) -> String { "/aws/codebuild/\(project)" }
    /// The tags of resources shared by all environments (the deployer, the bucket).
    public var appTags: [String: String] { [Self.appTag: app] }

    /// The ECR repository of a service, `{app}/{service}`, shared by its environments.
    public func ecrRepository(service: String) -> String { "\(app)/\(service)" }

    /// The pipeline artifact bucket, `{app}-artifacts-{account}-{region}`; the account is known only at run time.
    public func artifactBucket(account: String, region: String) -> String {
        "\(app)-artifacts-\(account)-\(region)"
    }

    /// Why the artifact bucket's name would be refused by S3, or nil when it is fine.
    public func artifactBucketProblem(account: String, region: String) -> String? {
        let bucket = DerivedName(
            label: "S3 bucket name", value: artifactBucket(account: account, region: region),
            length: 3...63, characters: .bucket)
        return bucket.problem
    }

    /// The Application Load Balancer of one environment, `{app}-{env}`, fitted to ELB's 32 characters
    /// (a longer name keeps its start and ends in `-` and a 7-digit hash of the whole name).
    public func loadBalancer(environment: String) -> String { ELBName.fitting("\(app)-\(environment)") }
    /// The load balancer's security group, `{app}-{env}-lb`: 80 (and 443) from anywhere, or from the VPC.
    public func loadBalancerSecurityGroup(environment: String) -> String { "\(app)-\(environment)-lb" }
    /// The web services' tasks' security group, `{app}-{env}-tasks`: their ports from the load balancer only.
    public func tasksSecurityGroup(environment: String) -> String { "\(app)-\(environment)-tasks" }

    /// The EventBridge rule and the SNS topic of one environment's notifications, `{app}-{env}-notifications`.
    public func notifications(environment: String) -> String { "\(app)-\(environment)-notifications" }
    /// The EventBridge connection and API destination of one environment's webhook, `{app}-{env}-webhook`.
    public func webhook(environment: String) -> String { "\(app)-\(environment)-webhook" }
    /// The role EventBridge calls the webhook with (and its inline policy), `{app}-{env}-notify`.
    public func notifyRole(environment: String) -> String { "\(app)-\(environment)-notify" }

    /// Wildcard patterns (as IAM policies take them) matching every name of one kind in the app.
    public var patterns: Patterns { Patterns(app: app) }

    public struct Patterns: Sendable, Equatable {
        public let app: String

        /// `{app}-*`: every pipeline, build project, ECS service, task family and role.
        public var stem: String { "\(app)-*" }
        public var buildRole: String { "\(app)-*-build" }
        public var pipelineRole: String { "\(app)-*-pipeline" }
        public var taskExecutionRole: String { "\(app)-*-task-exec" }
        /// `{app}/*`
        public var ecrRepository: String { "\(app)/*" }
        /// `/ecs/{app}/*`: every container log group.
        public var logGroup: String { "/ecs/\(app)/*" }
        /// `/aws/codebuild/{app}-*`
        public var buildLogGroup: String { ResourceNames.buildLogGroup(project: stem) }
    }

    public func service(_ service: String, in environment: String) -> Service {
        Service(app: app, environment: environment, service: service)
    }

    /// The names of the resources that belong to one service in one environment.
    public struct Service: Sendable, Equatable {
        public let app: String
        public let environment: String
        public let service: String

        private var stem: String { "\(app)-\(environment)-\(service)" }

        /// `{app}-{env}-{service}`
        public var pipeline: String { stem }
        /// `{app}-{env}-{service}`
        public var buildProject: String { stem }
        /// `{app}-{env}-{service}`
        public var ecsService: String { stem }
        /// `{app}-{env}-{service}`
        public var taskFamily: String { stem }
        /// The GitHub webhook of a version 1 (OAuth) source, `{app}-{env}-{service}`.
        public var webhook: String { stem }
        /// The container inside the task definition, `{service}`.
        public var containerName: String { service }
        /// `{app}/{service}`
        public var ecrRepository: String { "\(app)/\(service)" }
        /// The containers' log group, `/ecs/{app}/{env}/{service}`.
        public var logGroup: String { "/ecs/\(app)/\(environment)/\(service)" }
        /// Where CodeBuild writes build logs by default.
        public var buildLogGroup: String { ResourceNames.buildLogGroup(project: buildProject) }
        /// CodeBuild's role (and its inline policy), `{app}-{env}-{service}-build`.
        public var buildRole: String { "\(stem)-build" }
        /// CodePipeline's role (and its inline policy), `{app}-{env}-{service}-pipeline`.
        public var pipelineRole: String { "\(stem)-pipeline" }
        /// The ECS task execution role (and its inline policy), `{app}-{env}-{service}-task-exec`.
        public var taskExecutionRole: String { "\(stem)-task-exec" }

        /// The web service's target group, `{app}-{env}-{service}`, fitted to ELB's 32 characters
        /// (a longer name keeps its start and ends in `-` and a 7-digit hash of the whole name).
        public var targetGroup: String { ELBName.fitting(stem) }

        /// The Application Auto Scaling resource ID of the ECS service, `service/{cluster}/{ecsService}`.
        public func scalableTarget(cluster: String) -> String { "service/\(cluster)/\(ecsService)" }

        /// The three `slipway:` tags.
        public var tags: [String: String] {
            [ResourceNames.appTag: app, ResourceNames.environmentTag: environment, ResourceNames.serviceTag: service]
        }

        /// Every name that AWS limits, with its limit, longest first.
        var limitedNames: [DerivedName] {
            [
                DerivedName(label: "IAM role name", value: taskExecutionRole, length: 1...64, characters: .iam),
                DerivedName(label: "IAM role name", value: pipelineRole, length: 1...64, characters: .iam),
                DerivedName(label: "IAM role name", value: buildRole, length: 1...64, characters: .iam),
                DerivedName(
                    label: "CodePipeline pipeline name", value: pipeline, length: 1...100, characters: .pipeline),
                DerivedName(
                    label: "CodeBuild project name", value: buildProject, length: 2...150, characters: .codeBuild),
                DerivedName(label: "ECS service name", value: ecsService, length: 1...255, characters: .ecs),
                DerivedName(label: "ECS task definition family", value: taskFamily, length: 1...255, characters: .ecs),
                DerivedName(label: "ECR repository name", value: ecrRepository, length: 2...256, characters: .ecr),
                DerivedName(
                    label: "CloudWatch Logs group name", value: logGroup, length: 1...512, characters: .logGroup),
            ]
        }

        /// The names that AWS limits which only a web service has.
        var limitedWebNames: [DerivedName] {
            [DerivedName(label: "target group name", value: targetGroup, length: 1...32, characters: .elb)]
        }
    }

    /// The app-wide names that AWS limits.
    var limitedAppNames: [DerivedName] {
        [
            DerivedName(label: "Lambda function name", value: deployerFunction, length: 1...64, characters: .lambda),
            DerivedName(label: "IAM role name", value: deployerRole, length: 1...64, characters: .iam),
        ]
    }

    /// The names that AWS limits of an environment with notifications.
    func limitedNotificationNames(environment: String) -> [DerivedName] {
        [
            DerivedName(
                label: "EventBridge rule name", value: notifications(environment: environment), length: 1...64,
                characters: .eventBridge),
            DerivedName(label: "IAM role name", value: notifyRole(environment: environment), length: 1...64, characters: .iam),
        ]
    }

    /// The names that AWS limits of an environment with web services.
    func limitedWebNames(environment: String) -> [DerivedName] {
        [
            DerivedName(
                label: "load balancer name", value: loadBalancer(environment: environment), length: 1...32,
                characters: .elb, reservedPrefix: "internal-"),
            DerivedName(
                label: "security group name", value: loadBalancerSecurityGroup(environment: environment),
                length: 1...255, characters: .securityGroup, reservedPrefix: "sg-"),
            DerivedName(
                label: "security group name", value: tasksSecurityGroup(environment: environment), length: 1...255,
                characters: .securityGroup, reservedPrefix: "sg-"),
        ]
    }
}
