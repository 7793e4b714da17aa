import AWSSigV4
import AWSCore

// Amazon Route 53: the records of a web service's domain (certificate validation, aliases to the
// load balancer). The shapes and most calls are generated (Generated/Route53.swift); written here
// are the calls whose request body is XML, which AWSCore cannot encode from a shape
// (scripts/shapes-manifest.json, `handWritten`), and Slipway's conveniences.
extension Route53 {
    static let namespace = "https://route53.amazonaws.com/doc/2013-04-01/"

    /// A zone or change ID as the API's paths take it: `/hostedzone/Z1…` and `/change/C2…`, as
    /// the replies write them, lose their prefix.
    public static func bareID(_ id: String) -> String {
        String(id.split(separator: "/").last ?? Substring(id))
    }

    // MARK: - Calls with an XML body

    /// Applies a batch of changes at once; AWS refuses the whole batch if one change is invalid.
    @discardableResult
    public func changeResourceRecordSets(_ input: ChangeResourceRecordSetsRequest) async throws -> ChangeResourceRecordSetsResponse {
        let response = try await client.rest(
            Self.service, "ChangeResourceRecordSets", method: "POST",
            path: "/2013-04-01/hostedzone/\(URIEncoding.encode(Self.bareID(input.HostedZoneId)))/rrset/",
            headers: [("Content-Type", "application/xml")], body: Array(input.xmlDocument.utf8))
        return try Self.decodeReply(ChangeResourceRecordSetsResponse.self, response, "ChangeResourceRecordSets")
    }

    /// Slipway never creates a hosted zone; tests and the demo do, in the emulator.
    @discardableResult
    public func createHostedZone(_ input: CreateHostedZoneRequest) async throws -> CreateHostedZoneResponse {
        let response = try await client.rest(
            Self.service, "CreateHostedZone", method: "POST", path: "/2013-04-01/hostedzone",
            headers: [("Content-Type", "application/xml")], body: Array(input.xmlDocument.utf8))
        // `Location` is the reply's header, not its body.
        return try Self.decodeReply(CreateHostedZoneResponse.self, response, "CreateHostedZone",
                                    headers: ["Location": response.header("Location") ?? ""])
    }

    private static func decodeReply<T: Decodable>(_ type: T.Type, _ response: HTTPResponse, _ operation: String, headers: [String: String] = [:]) throws -> T {
        do {
            var root = try XMLNode.parse(response.body)
            root.children += headers.sorted { $0.key < $1.key }.map { XMLNode(name: $0.key, text: $0.value) }
            return try XMLShapeDecoder.decode(T.self, from: root)
        } catch {
            throw AWSClientError.unreadableReply(service: service.serviceID, operation: operation, reason: "\(error)")
        }
    }

    // MARK: - Conveniences

    /// The ID of the public hosted zone named exactly `domain`, or nil when the account has none.
    public func hostedZoneID(named domain: String) async throws -> String? {
        let name = domain.hasSuffix(".") ? domain : domain + "."
        let reply = try await listHostedZonesByName(ListHostedZonesByNameRequest(DNSName: name, MaxItems: "10"))
        let zone = (reply.HostedZones ?? []).first { $0.Name == name && $0.Config?.PrivateZone != true }
        return try zone.map { try $0.Id.required("HostedZones[].Id", Self.service, "ListHostedZonesByName", for: "hosted zone \(domain)") }
    }

    /// Every record set of a zone, following the pages.
    public func listAllResourceRecordSets(zone: String) async throws -> [ResourceRecordSet] {
        var records: [ResourceRecordSet] = []
        var request = ListResourceRecordSetsRequest(HostedZoneId: Self.bareID(zone))
        while true {
            let page = try await listResourceRecordSets(request)
            records += page.ResourceRecordSets ?? []
            guard page.IsTruncated == true, let next = page.NextRecordName else { return records }
            request.StartRecordName = next
            request.StartRecordType = page.NextRecordType
            request.StartRecordIdentifier = page.NextRecordIdentifier
        }
    }
}

// MARK: - Writing request bodies

// Each writer writes the members Slipway sends; a member it does not write is not sent.

extension Route53.ChangeResourceRecordSetsRequest {
    var xmlDocument: String {
        let changes = ChangeBatch.Changes.map { change in
            XMLText.element("Change", XMLText.text("Action", change.Action.rawValue) + change.ResourceRecordSet.xmlElement)
        }.joined()
        return XMLText.document("ChangeResourceRecordSetsRequest", namespace: Route53.namespace,
                                XMLText.element("ChangeBatch", XMLText.text("Comment", ChangeBatch.Comment) + XMLText.element("Changes", changes)))
    }
}

extension Route53.ResourceRecordSet {
    var xmlElement: String {
        let records = ResourceRecords.map { list in
            list.map { XMLText.element("ResourceRecord", XMLText.text("Value", $0.Value)) }.joined()
        }
        let alias = AliasTarget.map {
            XMLText.text("HostedZoneId", $0.HostedZoneId) + XMLText.text("DNSName", $0.DNSName)
                + XMLText.bool("EvaluateTargetHealth", $0.EvaluateTargetHealth)
        }
        return XMLText.element("ResourceRecordSet", XMLText.text("Name", Name) + XMLText.text("Type", self.Type?.rawValue)
            + XMLText.number("TTL", TTL) + XMLText.element("ResourceRecords", records) + XMLText.element("AliasTarget", alias))
    }
}

extension Route53.CreateHostedZoneRequest {
    var xmlDocument: String {
        let config = HostedZoneConfig.map { XMLText.text("Comment", $0.Comment) + XMLText.bool("PrivateZone", $0.PrivateZone) }
        return XMLText.document("CreateHostedZoneRequest", namespace: Route53.namespace,
                                XMLText.text("Name", Name) + XMLText.text("CallerReference", CallerReference)
                                + XMLText.element("HostedZoneConfig", config))
    }
}
