import AWSServices
import SlipwayConfig

/// A web service's address and its targets' health, as `status` shows them.
public struct WebStatus: Sendable, Codable, Equatable {
    /// Where the service answers; nil while its load balancer does not exist.
    public var url: String?
    public var targetGroup: String
    /// False when the target group does not exist.
    public var exists: Bool
    public var targets: [TargetState]
}

public struct TargetState: Sendable, Codable, Equatable {
    /// The task's IP address.
    public var id: String
    public var port: Int?
    /// `initial`, `healthy`, `unhealthy`, `unused`, `draining`, `unavailable`.
    public var state: ELBv2.TargetHealthStateEnum?
    /// AWS's reason code (`Target.ResponseCodeMismatch`, `Target.Timeout`, …).
    public var reason: ELBv2.TargetHealthReasonEnum?
    public var description: String?

    public var address: String { port.map { "\(id):\($0)" } ?? id }
}

extension WebStatus {
    /// Unhealthy targets are problems; targets passing their first health checks are settling.
    /// A draining target is the last release's old task finishing its requests: shown, not settling.
    var problems: [String] {
        guard exists else { return ["the target group \(targetGroup) does not exist; run 'slipway apply'"] }
        return targets.filter { $0.state == .unhealthy }.map { target in
            "target \(target.address) is unhealthy: \(target.reason?.rawValue ?? "no reason given")\(target.description.map { " (\($0))" } ?? "")"
        }
    }

    var settling: [String] {
        guard exists else { return [] }
        return targets.filter { $0.state == .initial }.map { "target \($0.address) is passing its first health checks" }
    }
}

extension StatusReader {
    /// The web status of each web service among `targets`, by ECS service name.
    func readWeb(_ targets: [ResolvedService]) async throws -> [String: WebStatus] {
        let elb = ELBv2(client: context.client)
        let web = targets.filter { $0.web != nil }
        var found: [String: String?] = [:]
        for environment in Set(web.map(\.environment)) {
            found[environment] = try await elb.loadBalancer(named: file.names.loadBalancer(environment: environment))?.DNSName
        }
        let balancers = found
        let states = try await BoundedConcurrency.map(web, width: parallelism) { service -> (String, WebStatus) in
            let dnsName = balancers[service.environment] ?? nil
            let url = service.url(loadBalancerDNSName: dnsName)
            guard let group = try await elb.targetGroup(named: service.names.targetGroup), let arn = group.TargetGroupArn else {
                return (service.names.ecsService, WebStatus(url: url, targetGroup: service.names.targetGroup, exists: false, targets: []))
            }
            let health = try await elb.describeTargetHealth(.init(TargetGroupArn: arn)).TargetHealthDescriptions ?? []
            let targets = health.map { description in
                TargetState(id: description.Target?.Id ?? "?", port: description.Target?.Port, state: description.TargetHealth?.State,
                            reason: description.TargetHealth?.Reason, description: description.TargetHealth?.Description)
            }.sorted { $0.address < $1.address }
            return (service.names.ecsService, WebStatus(url: url, targetGroup: service.names.targetGroup, exists: true, targets: targets))
        }
        return Dictionary(states, uniquingKeysWith: { first, _ in first })
    }
}
