/// The ARNs of what Slipway creates, for policies that name exactly their own resources.
public struct ARNs: Sendable {
    public let partition: String
    public let region: String
    public let account: String

    public init(region: String, account: String) {
        self.region = region
        self.account = account
        partition = region.hasPrefix("cn-") ? "aws-cn" : region.hasPrefix("us-gov-") ? "aws-us-gov" : "aws"
    }

    public func role(_ name: String) -> String { "arn:\(partition):iam::\(account):role/\(name)" }
    public func bucket(_ name: String) -> String { "arn:\(partition):s3:::\(name)" }
    public func objects(in bucket: String) -> String { "arn:\(partition):s3:::\(bucket)/*" }
    public func object(_ key: String, in bucket: String) -> String { "arn:\(partition):s3:::\(bucket)/\(key)" }
    public func ecrRepository(_ name: String) -> String { "arn:\(partition):ecr:\(region):\(account):repository/\(name)" }
    public func logGroup(_ name: String) -> String { "arn:\(partition):logs:\(region):\(account):log-group:\(name)" }
    public func logStreams(_ group: String) -> String { "arn:\(partition):logs:\(region):\(account):log-group:\(group):log-stream:*" }
    public func codeBuildProject(_ name: String) -> String { "arn:\(partition):codebuild:\(region):\(account):project/\(name)" }
    public func lambdaFunction(_ name: String) -> String { "arn:\(partition):lambda:\(region):\(account):function:\(name)" }
    public func pipeline(_ name: String) -> String { "arn:\(partition):codepipeline:\(region):\(account):\(name)" }
    public func ecsCluster(_ name: String) -> String { "arn:\(partition):ecs:\(region):\(account):cluster/\(name)" }
    /// The tasks of a cluster (`task/{cluster}/{task ID}`).
    public func ecsTasks(cluster: String) -> String { "arn:\(partition):ecs:\(region):\(account):task/\(cluster)/*" }
    public func ecsService(cluster: String, _ name: String) -> String { "arn:\(partition):ecs:\(region):\(account):service/\(cluster)/\(name)" }
    public func snsTopic(_ name: String) -> String { "arn:\(partition):sns:\(region):\(account):\(name)" }
    public func eventRule(_ name: String) -> String { "arn:\(partition):events:\(region):\(account):rule/\(name)" }
    /// EventBridge ends a connection's and an API destination's ARN in an ID of its own: these match any.
    public func eventConnection(_ name: String) -> String { "arn:\(partition):events:\(region):\(account):connection/\(name)/*" }
    public func apiDestination(_ name: String) -> String { "arn:\(partition):events:\(region):\(account):api-destination/\(name)/*" }
    public func taskDefinition(_ family: String) -> String { taskDefinitionFamily(family) + ":*" }
    /// A revision's ARN is this, `:` and its number.
    public func taskDefinitionFamily(_ family: String) -> String { "arn:\(partition):ecs:\(region):\(account):task-definition/\(family)" }
}
