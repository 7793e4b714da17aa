/// The load balancer settings as the engine reads them, without positions; shared by every environment.
public struct ResolvedLoadBalancer: Sendable, Equatable {
    public let subnets: [String]
    /// `true`: scheme `internal`, else `internet-facing`.
    public let `internal`: Bool
    /// Seconds (`idle_timeout.timeout_seconds`).
    public let idleTimeout: Int

    public init(subnets: [String], internal: Bool, idleTimeout: Int) {
        self.subnets = subnets
        self.internal = `internal`
        self.idleTimeout = idleTimeout
    }
}
