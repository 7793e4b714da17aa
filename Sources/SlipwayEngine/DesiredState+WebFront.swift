import SlipwayConfig

/// The web front of each environment: what its web services share (two security groups, the
/// load balancer, its listeners and the domain's certificate) and each web service's own
/// target group, rule and DNS record.
///
/// In an environment with the file's load balancer but no web service, and for a service that
/// is not a web service there, the same resources are *retired*: the plan deletes those that
/// still exist (a service's `http` removed), so `apply` and `destroy` leave none behind.
extension DesiredState {
    func webFrontResources(environment: String) -> [any ManagedResource] {
        guard let settings = file.loadBalancer?.resolved else { return [] }
        let services = file.services(in: environment)
        let webServices = services.filter { $0.web != nil }
        let domain = file.environment(named: environment)?.domain?.value
        let shared = sharedWebResources(environment: environment, settings: settings, webServices: webServices, domain: domain)
        var resources = webServices.isEmpty ? shared.map(\.retired) : shared
        for service in services {
            let own = serviceWebResources(service, settings: settings, environment: environment)
            resources += service.web == nil || webServices.isEmpty ? own.map(\.retired) : own
        }
        return resources
    }

    private func webTags(_ environment: String) -> SlipwayTags {
        SlipwayTags([ResourceNames.appTag: app, ResourceNames.environmentTag: environment, ResourceNames.serviceTag: "all"])
    }

    private func sharedWebResources(
        environment: String, settings: ResolvedLoadBalancer, webServices: [ResolvedService], domain: String?
    ) -> [any ManagedResource] {
        let tags = webTags(environment)
        let balancer = names.loadBalancer(environment: environment)
        let balancerGroup = names.loadBalancerSecurityGroup(environment: environment)
        let tasksGroup = names.tasksSecurityGroup(environment: environment)
        let ports = domain == nil ? [80] : [80, 443]
        let source: SecurityGroupResource.Source = settings.internal ? .vpc : .cidr("0.0.0.0/0")
        let servicePorts = Set(webServices.compactMap { $0.web?.port }).sorted()
        var resources: [any ManagedResource] = [
            SecurityGroupResource(
                name: balancerGroup, description: "Slipway \(app): the load balancer of \(environment)", subnets: settings.subnets,
                ingress: ports.map { .init(port: $0, source: source) }, tags: tags, dependencies: []),
            SecurityGroupResource(
                name: tasksGroup, description: "Slipway \(app): the web services' tasks in \(environment)", subnets: settings.subnets,
                ingress: servicePorts.map { .init(port: $0, source: .group(balancerGroup)) }, tags: tags,
                dependencies: [ResourceAddress(.securityGroup, balancerGroup)]),
            LoadBalancerResource(
                name: balancer, isInternal: settings.internal, subnets: settings.subnets, securityGroup: balancerGroup,
                idleTimeout: settings.idleTimeout, tags: tags, dependencies: [ResourceAddress(.securityGroup, balancerGroup)]),
        ]
        let loadBalancer = ResourceAddress(.loadBalancer, balancer)
        if let domain {
            resources += [
                CertificateResource(domain: domain, tags: tags, dependencies: []),
                ListenerResource(loadBalancer: balancer, kind: .redirectToHTTPS, tags: tags, dependencies: [loadBalancer]),
                ListenerResource(loadBalancer: balancer, kind: .https(domain: domain), tags: tags,
                                 dependencies: [loadBalancer, ResourceAddress(.certificate, domain)]),
            ]
        } else {
            resources.append(ListenerResource(loadBalancer: balancer, kind: .http, tags: tags, dependencies: [loadBalancer]))
        }
        return resources
    }

    /// A service's target group, rule and (with a domain) record. A service that is not a web
    /// service here gets the defaults, only to find what to retire.
    private func serviceWebResources(_ service: ResolvedService, settings: ResolvedLoadBalancer, environment: String) -> [any ManagedResource] {
        let names = service.names
        let tags = SlipwayTags(names.tags)
        let web = service.web ?? ResolvedService.Web(
            host: service.name, path: "/", port: service.ports.first ?? 80,
            healthCheck: .init(path: "/", codes: "200-399", interval: 10, timeout: 5, healthy: 2, unhealthy: 3),
            gracePeriod: 60, deregistrationDelay: 30)
        let balancer = self.names.loadBalancer(environment: environment)
        let listenerPort = service.domain == nil ? 80 : 443
        var resources: [any ManagedResource] = [
            TargetGroupResource(
                name: names.targetGroup, port: web.port, subnets: settings.subnets,
                healthCheck: .init(path: web.healthCheck.path, codes: web.healthCheck.codes, interval: web.healthCheck.interval,
                                   timeout: web.healthCheck.timeout, healthy: web.healthCheck.healthy, unhealthy: web.healthCheck.unhealthy),
                deregistrationDelay: web.deregistrationDelay, tags: tags,
                dependencies: [ResourceAddress(.loadBalancer, balancer)]),
            ListenerRuleResource(
                name: names.targetGroup, loadBalancer: balancer, listenerPort: listenerPort, targetGroup: names.targetGroup,
                hostName: service.domain.map { "\(web.host).\($0)" }, path: web.path, tags: tags,
                dependencies: [ResourceAddress(.listener, "\(balancer):\(listenerPort)"), ResourceAddress(.targetGroup, names.targetGroup)]),
        ]
        if let domain = service.domain {
            resources.append(DNSAliasRecordResource(
                hostName: "\(web.host).\(domain)", domain: domain, loadBalancer: balancer,
                dependencies: [ResourceAddress(.loadBalancer, balancer)]))
        }
        return resources
    }

    /// How a web service's ECS service attaches to its target group, or nil.
    func webAttachment(_ service: ResolvedService) -> ECSServiceResource.WebAttachment? {
        guard let web = service.web, let settings = file.loadBalancer?.resolved else { return nil }
        return ECSServiceResource.WebAttachment(
            targetGroup: service.names.targetGroup, container: service.names.containerName, port: web.port,
            gracePeriod: web.gracePeriod, tasksSecurityGroup: names.tasksSecurityGroup(environment: service.environment),
            loadBalancerSubnets: settings.subnets)
    }

    /// What the ECS service of a web service waits for: its rule (a target group must be behind
    /// a load balancer before ECS takes it) and the tasks security group.
    func webDependencies(_ service: ResolvedService) -> [ResourceAddress] {
        guard service.web != nil, file.loadBalancer != nil else { return [] }
        return [ResourceAddress(.listenerRule, service.names.targetGroup),
                ResourceAddress(.securityGroup, names.tasksSecurityGroup(environment: service.environment))]
    }
}

extension ResolvedService {
    /// The URL a web service answers on: `https://{host}.{domain}{path}`, or, without a domain,
    /// the load balancer's address (known once it exists) and the path.
    public func url(loadBalancerDNSName: String?) -> String? {
        guard let web else { return nil }
        let path = web.path == "/" ? "/" : web.path + "/"
        if let hostName { return "https://\(hostName)\(path)" }
        return loadBalancerDNSName.map { "http://\($0)\(path)" }
    }
}

/// Where a web service will answer, as the plan's summary names it.
public struct WebAddress: Sendable, Equatable, Codable {
    public let environment: String
    public let service: String
    /// `https://{host}.{domain}{path}`; nil without a domain, where the load balancer's address
    /// is known only once it exists.
    public let url: String?
    public let loadBalancer: String
    public let path: String

    /// The URL, or the path on the load balancer.
    public var text: String { url ?? "http://<\(loadBalancer)'s address>\(path)" }
}

extension DesiredState {
    /// Every web service's address, in the file's order.
    public var webAddresses: [WebAddress] {
        guard file.loadBalancer != nil else { return [] }
        return file.environments.flatMap { environment in
            file.services(in: environment.name.value).compactMap { service -> WebAddress? in
                guard let web = service.web else { return nil }
                return WebAddress(environment: service.environment, service: service.name, url: service.url(loadBalancerDNSName: nil),
                                  loadBalancer: names.loadBalancer(environment: service.environment),
                                  path: web.path == "/" ? "/" : web.path + "/")
            }
        }
    }
}
