/// The Application Load Balancer that each environment with a web service gets (`load_balancer:`).
public struct LoadBalancerSettings: Sendable, Equatable {
    public static let defaultIdleTimeout = 60

    /// Subnets in at least two availability zones; public ones unless the load balancer is internal.
    public var subnets: [Located<String>]
    /// Whether the load balancer is reachable from inside the VPC only.
    public var `internal`: Located<Bool>
    /// Seconds a connection may stay idle before the load balancer closes it.
    public var idleTimeout: Located<Int>

    public init(subnets: [Located<String>], internal: Located<Bool>, idleTimeout: Located<Int>) {
        self.subnets = subnets
        self.internal = `internal`
        self.idleTimeout = idleTimeout
    }

    /// The engine's view: the same settings without positions.
    public var resolved: ResolvedLoadBalancer {
        ResolvedLoadBalancer(
            subnets: subnets.map(\.value), internal: self.internal.value, idleTimeout: idleTimeout.value)
    }
}
