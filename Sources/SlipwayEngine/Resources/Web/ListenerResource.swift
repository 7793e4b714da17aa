import AWSCore
import AWSServices

/// A listener of an environment's load balancer: 80 (forwarding by rule, or redirecting to
/// HTTPS where the environment has a domain) or 443 (HTTPS with the domain's certificate).
/// Both answer 404 when no rule matches.
struct ListenerResource: ManagedResource {
    enum Kind: Sendable, Equatable {
        /// HTTP on 80, forwarding by rule.
        case http
        /// HTTP on 80, redirecting everything to HTTPS.
        case redirectToHTTPS
        /// HTTPS on 443 with the certificate of `domain`.
        case https(domain: String)
    }

    static let tlsPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"

    let loadBalancer: String
    let kind: Kind
    let tags: SlipwayTags
    let dependencies: [ResourceAddress]

    var port: Int { if case .https = kind { 443 } else { 80 } }
    var address: ResourceAddress { ResourceAddress(.listener, "\(loadBalancer):\(port)") }

    enum Fields {
        static let protocolName = FieldID("protocol")
        static let defaultAction = FieldID("default action")
        static let certificate = FieldID("certificate")
        static let tlsPolicy = FieldID("TLS policy")
    }

    var desired: [Field] {
        var fields = [Field(Fields.protocolName, protocolName.rawValue), Field(Fields.defaultAction, Self.describe(defaultAction))]
        if case .https(let domain) = kind {
            fields += [Field(Fields.certificate, domain), Field(Fields.tlsPolicy, Self.tlsPolicy)]
        }
        return fields
    }

    private var protocolName: ELBv2.ProtocolEnum { if case .https = kind { .https } else { .http } }

    private var defaultAction: ELBv2.Action {
        if case .redirectToHTTPS = kind {
            return ELBv2.Action(Type: .redirect, RedirectConfig: .init(Protocol: "HTTPS", Port: "443", StatusCode: .http301))
        }
        return ELBv2.Action(Type: .fixedResponse, FixedResponseConfig: .init(MessageBody: "Not found", StatusCode: "404", ContentType: "text/plain"))
    }

    static func describe(_ action: ELBv2.Action?) -> String? {
        guard let action else { return nil }
        switch action.Type {
        case .redirect: return "redirect to \(action.RedirectConfig?.Protocol ?? "?") \(action.RedirectConfig?.Port ?? "?")"
        case .fixedResponse: return "answer \(action.FixedResponseConfig?.StatusCode ?? "?")"
        case .forward: return "forward"
        default: return action.Type?.rawValue ?? "?"
        }
    }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        let elb = ELBv2(client: context.client)
        guard let balancer = try await elb.loadBalancer(named: loadBalancer), let arn = balancer.LoadBalancerArn,
              let listener = try await elb.listener(loadBalancer: arn, port: port) else { return nil }
        var fields = [Field(Fields.protocolName, listener.Protocol?.rawValue),
                      Field(Fields.defaultAction, Self.describe(listener.DefaultActions?.first))]
        if case .https = kind {
            let certificate = listener.Certificates?.first?.CertificateArn
            let domain = try await certificate.asyncMap { try await ACM(client: context.client).describeCertificate(.init(CertificateArn: $0)).Certificate?.DomainName }
            fields += [Field(Fields.certificate, domain ?? certificate), Field(Fields.tlsPolicy, listener.SslPolicy)]
        }
        // A listener is the load balancer's: it is this app's when its load balancer is.
        let owned = SlipwayTags(live: try await elb.tags(of: arn)).isOwned(by: context.app)
        return LiveResource(fields: fields, ownedByApp: owned)
    }

    func create(_ context: EngineContext) async throws {
        let elb = ELBv2(client: context.client)
        guard let arn = try await elb.loadBalancer(named: loadBalancer)?.LoadBalancerArn else {
            throw EngineError.webLookupFailed("load balancer \(loadBalancer) does not exist")
        }
        let request = ELBv2.CreateListenerInput(
            LoadBalancerArn: arn, Protocol: protocolName, Port: port, SslPolicy: sslPolicy,
            Certificates: try await certificates(context), DefaultActions: [defaultAction], Tags: ELBv2.tagList(tags.values))
        _ = try await context.retrying(SettlingRefusal.certificateNotYetVisible, for: .seconds(300)) { try await elb.createListener(request) }
    }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let elb = ELBv2(client: context.client)
        guard let balancer = try await elb.loadBalancer(named: loadBalancer), let arn = balancer.LoadBalancerArn,
              let listener = try await elb.listener(loadBalancer: arn, port: port), let listenerARN = listener.ListenerArn else { return }
        _ = try await elb.modifyListener(.init(
            ListenerArn: listenerARN, Port: port, Protocol: protocolName, SslPolicy: sslPolicy,
            Certificates: try await certificates(context), DefaultActions: [defaultAction]))
    }

    func delete(_ context: EngineContext) async throws {
        let elb = ELBv2(client: context.client)
        guard let balancer = try await elb.loadBalancer(named: loadBalancer), let arn = balancer.LoadBalancerArn,
              let listenerARN = try await elb.listener(loadBalancer: arn, port: port)?.ListenerArn else { return }
        do {
            _ = try await elb.deleteListener(.init(ListenerArn: listenerARN))
        } catch let error as AWSError where error.is(ELBv2.ErrorCode.listenerNotFound) {
            return
        }
    }

    private var sslPolicy: String? { if case .https = kind { Self.tlsPolicy } else { nil } }

    private func certificates(_ context: EngineContext) async throws -> [ELBv2.Certificate]? {
        guard case .https(let domain) = kind else { return nil }
        guard let arn = try await CertificateResource.issuedCertificate(domain: domain, context) else {
            throw EngineError.webLookupFailed("no issued certificate of this app for \(domain)")
        }
        return [ELBv2.Certificate(CertificateArn: arn)]
    }
}
