import AWSCore
import AWSServices

/// The Route 53 records Slipway writes in a domain's hosted zone: the certificate's validation
/// CNAMEs and the web services' aliases to the load balancer.
enum DNSRecords {
    static func upsertValidation(_ records: [CertificateResource.Record], zone: String, _ context: EngineContext) async throws {
        try await change(records.map { .init(Action: .upsert, ResourceRecordSet: cname($0)) }, zone: zone, context)
    }

    /// Deletes the records that are still there, as they are.
    static func deleteValidation(_ records: [CertificateResource.Record], zone: String, _ context: EngineContext) async throws {
        let route53 = Route53(client: context.client)
        var changes: [Route53.Change] = []
        for record in records {
            if let live = try await find(record.name, type: .cname, zone: zone, route53) {
                changes.append(.init(Action: .delete, ResourceRecordSet: live))
            }
        }
        try await change(changes, zone: zone, context)
    }

    static func change(_ changes: [Route53.Change], zone: String, _ context: EngineContext) async throws {
        guard !changes.isEmpty else { return }
        _ = try await Route53(client: context.client).changeResourceRecordSets(.init(
            HostedZoneId: zone, ChangeBatch: .init(Comment: "Slipway \(context.app)", Changes: changes)))
    }

    /// The record set of exactly this name and type, or nil.
    static func find(_ name: String, type: Route53.RRType, zone: String, _ route53: Route53) async throws -> Route53.ResourceRecordSet? {
        let fqdn = absolute(name)
        let page = try await route53.listResourceRecordSets(.init(HostedZoneId: Route53.bareID(zone), StartRecordName: fqdn, StartRecordType: type, MaxItems: "1"))
        return (page.ResourceRecordSets ?? []).first { $0.Name.map { absolute($0).lowercased() } == fqdn.lowercased() && $0.Type == type }
    }

    static func absolute(_ name: String) -> String { name.hasSuffix(".") ? name : name + "." }

    private static func cname(_ record: CertificateResource.Record) -> Route53.ResourceRecordSet {
        Route53.ResourceRecordSet(Name: record.name, Type: .cname, TTL: 300, ResourceRecords: [.init(Value: record.value)])
    }
}
