import AWSCore
import AWSServices
import SlipwayConfig

/// The ACM certificate of an environment's domain and its wildcard, validated by DNS in the
/// domain's Route 53 hosted zone (which must exist: Slipway never creates or deletes one).
/// Creating it waits, for a bounded time, until ACM has issued it.
struct CertificateResource: ManagedResource {
    let domain: String
    let tags: SlipwayTags
    let dependencies: [ResourceAddress]

    var address: ResourceAddress { ResourceAddress(.certificate, domain) }
    var names: [String] { [domain, "*.\(domain)"] }

    enum Fields {
        static let names = FieldID("names", forcesReplacement: true)
        static let validation = FieldID("validation", forcesReplacement: true)
    }

    var desired: [Field] {
        [Field(Fields.names, list: names), Field(Fields.validation, "DNS, in hosted zone \(domain)"), tags.field]
    }

    /// This app's certificate of `domain`: the issued one if there is one, else the newest.
    static func find(domain: String, _ context: EngineContext) async throws -> (arn: String, tags: [String: String])? {
        let acm = ACM(client: context.client)
        var best: (arn: String, tags: [String: String], issued: Bool)?
        for summary in try await acm.certificates(domain: domain) {
            guard let arn = summary.CertificateArn else { continue }
            let tags = try await acm.tags(of: arn)
            guard SlipwayTags(live: tags).isOwned(by: context.app) else { continue }
            let issued = summary.Status == .issued
            if best == nil || (issued && best?.issued == false) { best = (arn, tags, issued) }
        }
        return best.map { ($0.arn, $0.tags) }
    }

    static func issuedCertificate(domain: String, _ context: EngineContext) async throws -> String? {
        guard let found = try await find(domain: domain, context) else { return nil }
        let detail = try await ACM(client: context.client).describeCertificate(.init(CertificateArn: found.arn)).Certificate
        return detail?.Status == .issued ? found.arn : nil
    }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        guard let found = try await Self.find(domain: domain, context) else { return nil }
        let detail = try await ACM(client: context.client).describeCertificate(.init(CertificateArn: found.arn)).Certificate
        let method = detail?.DomainValidationOptions?.first?.ValidationMethod?.rawValue
        let liveTags = SlipwayTags(live: found.tags)
        return LiveResource(fields: [
            Field(Fields.names, list: [detail?.DomainName].compactMap { $0 } + (detail?.SubjectAlternativeNames ?? []).filter { $0 != detail?.DomainName }),
            Field(Fields.validation, method == "DNS" ? "DNS, in hosted zone \(domain)" : method),
            liveTags.field,
        ], ownedByApp: liveTags.isOwned(by: context.app))
    }

    /// Requests the certificate (or picks up the one a cut-off run requested), writes its
    /// validation records, and waits until ACM has issued it.
    func create(_ context: EngineContext) async throws {
        let acm = ACM(client: context.client)
        let zone = try await hostedZone(context)
        let arn: String
        if let found = try await Self.find(domain: domain, context) {
            arn = found.arn
        } else {
            let requested = try await acm.requestCertificate(.init(
                DomainName: domain, ValidationMethod: .dns, SubjectAlternativeNames: ["*.\(domain)"],
                IdempotencyToken: idempotencyToken(context), Tags: tags.sortedPairs.map { ACM.Tag(Key: $0.key, Value: $0.value) }))
            guard let made = requested.CertificateArn else { throw EngineError.webLookupFailed("RequestCertificate gave no ARN for \(domain)") }
            arn = made
        }
        // ACM names the validation records a moment after the request.
        let records = try await context.settling.wait(for: "ACM to name the DNS validation records of \(domain)") { () -> WaiterState<[ACM.ResourceRecord]> in
            let options = try await acm.describeCertificate(.init(CertificateArn: arn)).Certificate?.DomainValidationOptions ?? []
            let records = options.compactMap(\.ResourceRecord)
            return records.count == options.count && !records.isEmpty ? .done(records) : .pending("no validation records yet")
        }
        try await DNSRecords.upsertValidation(Set(records.compactMap(Record.init)).sorted(), zone: zone, context)
        context.notice("waiting for ACM to issue the certificate of \(domain) (validation records written in hosted zone \(domain); "
            + "usually a few minutes, at most \(context.settling.timeout.components.seconds / 60) min)")
        try await context.settling.wait(for: "ACM to issue the certificate of \(domain) (validation by DNS in hosted zone \(domain))") { () -> WaiterState<Void> in
            let detail = try await acm.describeCertificate(.init(CertificateArn: arn)).Certificate
            switch detail?.Status {
            case .issued?: return .done(())
            case .pendingValidation?, nil: return .pending(detail?.Status?.rawValue ?? "no status yet")
            case let status?: return .failed("\(status.rawValue)\(detail?.FailureReason.map { " (\($0.rawValue))" } ?? "")")
            }
        }
    }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        guard changes.contains(where: { $0.id == .tags }), let found = try await Self.find(domain: domain, context) else { return }
        _ = try await ACM(client: context.client).addTagsToCertificate(.init(
            CertificateArn: found.arn, Tags: tags.sortedPairs.map { ACM.Tag(Key: $0.key, Value: $0.value) }))
    }

    /// Deletes the certificate once no listener uses it (AWS lets go of it a moment after the
    /// HTTPS listener is gone), then its validation records.
    func delete(_ context: EngineContext) async throws {
        let acm = ACM(client: context.client)
        guard let found = try await Self.find(domain: domain, context) else { return }
        let options = try await acm.describeCertificate(.init(CertificateArn: found.arn)).Certificate?.DomainValidationOptions ?? []
        try await context.settling.retrying(while: { ($0 as? AWSError)?.is(ACM.ErrorCode.resourceInUse) == true }) {
            do {
                _ = try await acm.deleteCertificate(.init(CertificateArn: found.arn))
            } catch let error as AWSError where error.is(ACM.ErrorCode.resourceNotFound) {
                return
            }
        }
        if let zone = try await Route53(client: context.client).hostedZoneID(named: domain) {
            let records = Set(options.compactMap(\.ResourceRecord).compactMap(Record.init)).sorted()
            try await DNSRecords.deleteValidation(records, zone: zone, context)
        }
    }

    private func hostedZone(_ context: EngineContext) async throws -> String {
        guard let zone = try await Route53(client: context.client).hostedZoneID(named: domain) else {
            throw EngineError.webLookupFailed("there is no public Route 53 hosted zone named \(domain) in this account; create it (Slipway never creates or deletes hosted zones) or remove `domain` from the environment")
        }
        return zone
    }

    /// The same for every run of this app and domain, so that a request repeated after a cut-off
    /// run gets the certificate the first one asked for (ACM keeps a token for an hour).
    private func idempotencyToken(_ context: EngineContext) -> String {
        "slipway" + StableHash.hex("\(context.app)|\(domain)")
    }

    struct Record: Hashable, Comparable {
        let name: String
        let value: String
        static func < (a: Record, b: Record) -> Bool { (a.name, a.value) < (b.name, b.value) }

        /// ACM's validation record, when it has both a name and a value.
        init?(_ record: ACM.ResourceRecord) {
            guard let name = record.Name, let value = record.Value else { return nil }
            self.init(name: name, value: value)
        }

        init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }
}
