import AWSCore
import AWSServices
import SlipwayConfig

/// Something in the account that makes the file fail later, found before anything is changed:
/// the resource it concerns, what will go wrong, and what would fix it.
public struct PreflightWarning: Sendable, Equatable, Encodable {
    public let resource: String
    public let problem: String
    public let fix: String

    public var text: String { "\(resource): \(problem); \(fix)" }
}

/// Reads what `plan` cannot see in the file but AWS will hold against it: where the tasks' and
/// the load balancer's subnets route, and the GitHub connection's state. Each check costs one
/// read, all at once; a check that cannot be made (the caller may not read the VPC) is skipped.
public struct Preflight: Sendable {
    public let context: EngineContext
    public let file: SlipwayFile

    public init(context: EngineContext, file: SlipwayFile) {
        self.context = context
        self.file = file
    }

    public func warnings() async -> [PreflightWarning] {
        async let connection = connectionWarnings()
        async let network = networkWarnings()
        return await network + connection
    }

    // MARK: - The GitHub connection

    private func connectionWarnings() async -> [PreflightWarning] {
        guard case .connection(let arn) = file.source.credential,
              let state = try? await StatusReader(context: context, file: file).readConnection(),
              let problem = state.problem else { return [] }
        return [PreflightWarning(resource: "GitHub connection \(state.name ?? arn.value)", problem: problem,
                                 fix: "until it is AVAILABLE no pipeline of this file can run (slipway status shows its state)")]
    }

    // MARK: - Subnets and their routes

    private func networkWarnings() async -> [PreflightWarning] {
        let taskSubnets = file.cluster.subnets.map(\.value)
        let balancer = file.loadBalancer?.resolved
        let ids = Array(Set(taskSubnets + (balancer?.subnets ?? []))).sorted()
        guard !ids.isEmpty else { return [] }
        let ec2 = EC2(client: context.client)
        let subnets: [EC2.Subnet]
        do {
            subnets = try await ec2.describeSubnets(.init(SubnetIds: ids)).Subnets ?? []
        } catch let error as AWSError where error.is(EC2.ErrorCode.subnetNotFound) {
            return [PreflightWarning(resource: "subnets \(ids.joined(separator: ", "))", problem: error.message,
                                     fix: "name subnets of account \(context.account) in \(context.region) in cluster.subnets and load_balancer.subnets")]
        } catch {
            return []
        }
        let vpcs = Array(Set(subnets.compactMap(\.VpcId))).sorted()
        async let tablesRead = try? await routeTables(ec2, vpcs: vpcs)
        async let endpointsRead = try? await ec2.describeVpcEndpoints(.init(Filters: [.init(Name: "vpc-id", Values: vpcs)])).VpcEndpoints
        guard let tables = await tablesRead else { return [] }
        let network = SubnetNetwork(subnets: subnets, routeTables: tables, endpoints: await endpointsRead ?? [], region: context.region)
        var warnings: [PreflightWarning] = []
        let needsLogs = file.environments.contains { environment in file.services(in: environment.name.value).contains(where: \.logs) }
        for subnet in taskSubnets {
            if let warning = network.taskWarning(subnet: subnet, publicIP: file.cluster.assignPublicIP.value, needsLogs: needsLogs) {
                warnings.append(warning)
            }
        }
        if let balancer {
            warnings += network.loadBalancerWarnings(subnets: balancer.subnets, internal: balancer.internal)
        }
        return warnings
    }

    private func routeTables(_ ec2: EC2, vpcs: [String]) async throws -> [EC2.RouteTable] {
        try await Pagination.all { token in
            let page = try await ec2.describeRouteTables(.init(NextToken: token, Filters: [.init(Name: "vpc-id", Values: vpcs)]))
            return (page.RouteTables ?? [], page.NextToken)
        }
    }
}

/// Where each subnet's traffic to the internet goes, from its route table (its own, or its
/// VPC's main one) and the VPC's endpoints: the pure part of the preflight.
struct SubnetNetwork {
    enum Egress: Equatable {
        case internetGateway(String)
        case nat(String)
        /// A transit gateway, a NAT instance, a peering: assumed to reach the internet.
        case other(String)
        case none
    }

    let subnets: [EC2.Subnet]
    let routeTables: [EC2.RouteTable]
    let endpoints: [EC2.VpcEndpoint]
    let region: String

    /// What a task needs from the network: ECR's API and registry, S3 (image layers) and, with
    /// logs, CloudWatch Logs.
    static func endpointServices(needsLogs: Bool) -> [String] { ["ecr.api", "ecr.dkr", "s3"] + (needsLogs ? ["logs"] : []) }

    func routeTable(of subnet: String) -> EC2.RouteTable? {
        let vpc = subnets.first { $0.SubnetId == subnet }?.VpcId
        return routeTables.first { table in table.Associations?.contains { $0.SubnetId == subnet } == true }
            ?? routeTables.first { table in table.VpcId == vpc && table.Associations?.contains { $0.Main == true } == true }
    }

    func egress(of subnet: String) -> Egress {
        let routes = routeTable(of: subnet)?.Routes ?? []
        guard let route = routes.first(where: { $0.DestinationCidrBlock == "0.0.0.0/0" && $0.State != .blackhole }) else { return .none }
        if let gateway = route.GatewayId, gateway.hasPrefix("igw-") { return .internetGateway(gateway) }
        if let nat = route.NatGatewayId { return .nat(nat) }
        let other = route.TransitGatewayId ?? route.InstanceId ?? route.NetworkInterfaceId ?? route.VpcPeeringConnectionId ?? route.GatewayId
        return other.map(Egress.other) ?? .none
    }

    /// The endpoint services (`ecr.api`, …) the subnet's VPC has, available or on their way.
    func endpointServices(of subnet: String) -> Set<String> {
        let vpc = subnets.first { $0.SubnetId == subnet }?.VpcId
        let prefix = "com.amazonaws.\(region)."
        return Set(endpoints.filter { $0.VpcId == vpc && $0.State?.rawValue.lowercased() != "failed" && $0.State?.rawValue.lowercased() != "deleted" }
            .compactMap { $0.ServiceName.flatMap { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : nil } })
    }

    func taskWarning(subnet: String, publicIP: Bool, needsLogs: Bool) -> PreflightWarning? {
        let table = routeTable(of: subnet)?.RouteTableId ?? "none"
        let missing = Self.endpointServices(needsLogs: needsLogs).filter { !endpointServices(of: subnet).contains($0) }
        let route: String
        switch egress(of: subnet) {
        case .nat, .other: return nil
        case .internetGateway(let gateway):
            if publicIP { return nil }
            route = "its route table \(table) sends 0.0.0.0/0 to internet gateway \(gateway), but cluster.assign_public_ip is false"
        case .none:
            route = "its route table \(table) has no route to the internet"
        }
        guard !missing.isEmpty else { return nil }
        let reaches = needsLogs ? "ECR or CloudWatch Logs" : "ECR"
        return PreflightWarning(
            resource: "subnet \(subnet) (cluster.subnets)",
            problem: "ECS tasks there cannot reach \(reaches): \(route), and its VPC has no VPC endpoint for \(missing.joined(separator: ", ")); "
                + "every task would stop with CannotPullContainerError",
            fix: "set cluster.assign_public_ip: true in a subnet with an internet gateway route, route the subnet through a NAT gateway, "
                + "or add VPC endpoints for \(Self.endpointServices(needsLogs: needsLogs).joined(separator: ", "))")
    }

    func loadBalancerWarnings(subnets ids: [String], internal isInternal: Bool) -> [PreflightWarning] {
        var warnings: [PreflightWarning] = []
        let zones = Set(ids.compactMap { id in subnets.first { $0.SubnetId == id }?.AvailabilityZone })
        if zones.count < 2 {
            warnings.append(PreflightWarning(
                resource: "load_balancer.subnets (\(ids.joined(separator: ", ")))",
                problem: "they are all in \(zones.sorted().first ?? "one availability zone"); AWS refuses an Application Load Balancer with subnets in fewer than two availability zones",
                fix: "add a subnet of another availability zone of the same VPC"))
        }
        guard !isInternal else { return warnings }
        for id in ids {
            if case .internetGateway = egress(of: id) { continue }
            let table = routeTable(of: id)?.RouteTableId ?? "none"
            warnings.append(PreflightWarning(
                resource: "subnet \(id) (load_balancer.subnets)",
                problem: "its route table \(table) has no route to an internet gateway, so the internet-facing load balancer cannot be reached from the internet",
                fix: "use public subnets (a 0.0.0.0/0 route to an internet gateway), or set load_balancer.internal: true"))
        }
        return warnings
    }
}
