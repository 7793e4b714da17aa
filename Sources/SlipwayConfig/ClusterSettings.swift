/// The ECS cluster that runs every service, and the network its tasks use.
public struct ClusterSettings: Sendable, Equatable {
    public var name: Located<String>
    public var subnets: [Located<String>]
    /// Empty means the VPC's default security group.
    public var securityGroups: [Located<String>]
    public var assignPublicIP: Located<Bool>

    public init(
        name: Located<String>,
        subnets: [Located<String>],
        securityGroups: [Located<String>],
        assignPublicIP: Located<Bool>
    ) {
        self.name = name
        self.subnets = subnets
        self.securityGroups = securityGroups
        self.assignPublicIP = assignPublicIP
    }
}
