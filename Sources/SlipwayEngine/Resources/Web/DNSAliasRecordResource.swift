import AWSCore
import AWSServices

/// The A record `{host}.{domain}` of one web service: an alias to the environment's load balancer.
struct DNSAliasRecordResource: ManagedResource {
    let hostName: String
    let domain: String
    let loadBalancer: String
    let dependencies: [ResourceAddress]

    var address: ResourceAddress { ResourceAddress(.dnsRecord, hostName) }

    enum Fields {
        static let type = FieldID("type", forcesReplacement: true)
        static let alias = FieldID("alias to")
    }

    var desired: [Field] { [Field(Fields.type, "A"), Field(Fields.alias, "load balancer \(loadBalancer)")] }

    /// Records carry no tags: one is this app's when it points at this app's load balancer.
    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        let route53 = Route53(client: context.client)
        guard let zone = try await route53.hostedZoneID(named: domain),
              let record = try await DNSRecords.find(hostName, type: .a, zone: zone, route53) else { return nil }
        let balancer = try await ELBv2(client: context.client).loadBalancer(named: loadBalancer)
        let target = record.AliasTarget?.DNSName.map { DNSRecords.absolute($0).lowercased() }
        let ours = balancer?.DNSName.map { target == DNSRecords.absolute($0).lowercased() || target == "dualstack." + DNSRecords.absolute($0).lowercased() } ?? false
        return LiveResource(fields: [
            Field(Fields.type, record.Type?.rawValue),
            Field(Fields.alias, ours ? "load balancer \(loadBalancer)" : target ?? record.ResourceRecords?.first?.Value),
        ], ownedByApp: ours)
    }

    func create(_ context: EngineContext) async throws { try await upsert(context) }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws { try await upsert(context) }

    func delete(_ context: EngineContext) async throws {
        let route53 = Route53(client: context.client)
        guard let zone = try await route53.hostedZoneID(named: domain),
              let record = try await DNSRecords.find(hostName, type: .a, zone: zone, route53) else { return }
        try await DNSRecords.change([.init(Action: .delete, ResourceRecordSet: record)], zone: zone, context)
    }

    private func upsert(_ context: EngineContext) async throws {
        guard let zone = try await Route53(client: context.client).hostedZoneID(named: domain) else {
            throw EngineError.webLookupFailed("there is no public Route 53 hosted zone named \(domain) in this account")
        }
        guard let balancer = try await ELBv2(client: context.client).loadBalancer(named: loadBalancer),
              let dnsName = balancer.DNSName, let zoneOfBalancer = balancer.CanonicalHostedZoneId else {
            throw EngineError.webLookupFailed("load balancer \(loadBalancer) does not exist")
        }
        let record = Route53.ResourceRecordSet(Name: DNSRecords.absolute(hostName), Type: .a, AliasTarget: .init(
            HostedZoneId: zoneOfBalancer, DNSName: dnsName, EvaluateTargetHealth: true))
        try await DNSRecords.change([.init(Action: .upsert, ResourceRecordSet: record)], zone: zone, context)
    }
}
