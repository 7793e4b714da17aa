/// Names one resource that Slipway manages: its kind and its AWS name.
public struct ResourceAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let kind: ResourceKind
    public let name: String

    public init(_ kind: ResourceKind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    public var description: String { "\(kind.rawValue) \(name)" }

    public static func < (lhs: ResourceAddress, rhs: ResourceAddress) -> Bool {
        (lhs.kind.order, lhs.name) < (rhs.kind.order, rhs.name)
    }
}

/// The kinds of resource, in the order they are created (destroy runs it backwards).
public enum ResourceKind: String, Sendable, CaseIterable, Codable {
    case artifactBucket = "s3-bucket"
    case iamRole = "iam-role"
    case ecrRepository = "ecr-repository"
    case logGroup = "log-group"
    case ecsCluster = "ecs-cluster"
    case securityGroup = "security-group"
    case loadBalancer = "load-balancer"
    case targetGroup = "target-group"
    case certificate = "certificate"
    case listener = "listener"
    case listenerRule = "listener-rule"
    case dnsRecord = "dns-record"
    case lambdaFunction = "lambda-function"
    case codeBuildProject = "codebuild-project"
    case taskDefinition = "task-definition"
    case ecsService = "ecs-service"
    case scalableTarget = "scalable-target"
    case pipeline = "pipeline"
    case snsTopic = "sns-topic"
    case webhook = "webhook"
    case notificationRule = "notification-rule"

    var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
