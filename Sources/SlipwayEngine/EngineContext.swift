import AWSCore
import AWSServices

/// What every resource needs to read and change AWS: the client, where and for whom it works,
/// and the tags that mark what Slipway owns.
public struct EngineContext: Sendable {
    public let client: AWSClient
    public let app: String
    public let account: String
    public let region: String
    public let arns: ARNs
    public let consistency: EventualConsistency
    /// How long to wait for AWS to settle what takes minutes: a certificate's DNS validation, a
    /// security group's network interfaces going away after its load balancer.
    public let settling: Waiter
    /// How long to wait for what AWS settles in seconds to a few minutes, looking often: a
    /// Lambda function's last update, an ECS service draining and its tasks stopping.
    public let shortSettling: Waiter
    /// Says what a change is waiting on, before a wait that may take minutes.
    public let notice: @Sendable (String) -> Void
    /// Lookups one plan or apply shares (the VPC of the load balancer's subnets).
    public let lookups = LookupCache()
    /// The reads AWS takes in batches (ECS services, CodeBuild projects, scalable targets).
    public let batches: BatchedReads
    /// The account's listings, during a plan's first pass only (`Planner`); nil otherwise, when
    /// each resource reads on its own.
    var listings: AccountListings?

    public init(
        client: AWSClient, app: String, account: String, consistency: EventualConsistency = EventualConsistency(),
        settling: Waiter = Waiter(interval: .seconds(5), timeout: .seconds(900)),
        shortSettling: Waiter = Waiter(interval: .seconds(1), timeout: .seconds(600)),
        notice: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.client = client
        self.app = app
        self.account = account
        self.region = client.region
        self.arns = ARNs(region: client.region, account: account)
        self.consistency = consistency
        self.settling = settling
        self.shortSettling = shortSettling
        self.notice = notice
        self.batches = BatchedReads(client: client)
    }
}
