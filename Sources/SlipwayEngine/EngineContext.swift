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

    public init(client: AWSClient, app: String, account: String, consistency: EventualConsistency = EventualConsistency()) {
        self.client = client
        self.app = app
        self.account = account
        self.region = client.region
        self.arns = ARNs(region: client.region, account: account)
        self.consistency = consistency
    }
}
