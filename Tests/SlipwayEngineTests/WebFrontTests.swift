import AWSCore
import AWSServices
import Foundation
import SlipwayConfig
import SlipwayTestSupport
import Testing
@testable import SlipwayEngine

/// Web services applied to the emulator (signatures checked, IAM enforced): two web services in
/// two environments, production with a domain and development without, one service without
/// `http`, and scaling on one; read back field by field, re-applied, changed and destroyed.
@Suite(.serialized)
struct WebFrontTests {
    struct Stack {
        let emulator: EmulatorConnection
        let user: EmulatorConnection.UserKeys
        let client: AWSClient
        let app: String
        let domain: String
        let network: EmulatorNetwork.Network

        var context: EngineContext {
            EngineContext(client: client, app: app, account: "123456789012",
                          settling: Waiter(interval: .milliseconds(250), timeout: .seconds(60)))
        }

        func file(editing edit: (String) -> String = { $0 }) throws -> SlipwayFile {
            try ConfigLoader.load(text: edit(WebFrontTests.text(app: app, domain: domain, network: network)), fileName: "slipway.yml", variables: [:])
        }

        func desired(editing edit: (String) -> String = { $0 }) throws -> DesiredState {
            DesiredState(file: try file(editing: edit), account: "123456789012", region: client.region, deployerPackage: ApplyExampleTests.Stack.package)
        }

        func plan(_ desired: DesiredState) async throws -> Plan {
            try await Planner(context: context).plan(desired.resources())
        }

        func apply(_ desired: DesiredState) async throws -> ApplyResult {
            try await Applier(context: context).apply(plan(desired))
        }
    }

    static func text(app: String, domain: String, network: EmulatorNetwork.Network) -> String {
        """
        app: \(app)
        region: us-east-1
        source:
          owner: hms-dbmi
          connection: arn:aws:codeconnections:us-east-1:123456789012:connection/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d
        cluster:
          name: \(app)
          subnets: [\(network.subnets.joined(separator: ", "))]
          security_groups: [\(network.securityGroups.joined(separator: ", "))]
        load_balancer:
          subnets: [\(network.subnets.joined(separator: ", "))]
          idle_timeout: 120s
        environments:
          development:
            branch: development
          production:
            branch: master
            domain: \(domain)
        services:
          sciauth:
            repo: SciAuth
            port: 8005
            http:
              host: auth
              path: /auth
              health_check: /healthz
            scaling:
              min: 1
              max: 4
              cpu: 60
              requests: 500
          scireg:
            repo: SciReg
            port: 8000
            http: true
          worker:
            repo: Worker
        """
    }

    static func stack() async throws -> Stack {
        let emulator = try await Emulator.shared.connection()
        let user = try await emulator.newUser("web")
        let client = emulator.client(for: user)
        let network = try await EmulatorNetwork.defaultNetwork(client)
        let app = ExampleApp.uniqueName("w")
        let domain = "\(app).example.org"
        // The hosted zone is the user's: Slipway never makes one.
        _ = try await Route53(client: client).createHostedZone(.init(Name: domain, CallerReference: UUID().uuidString))
        return Stack(emulator: emulator, user: user, client: client, app: app, domain: domain, network: network)
    }

    @Test func applyCreatesTheWebFrontsAndASecondApplyWritesNothing() async throws {
        let stack = try await Self.stack()
        let desired = try stack.desired()
        let result = try await stack.apply(desired)
        #expect(result.succeeded, "\(result.failed.map(\.2))")
        try await Self.readBack(stack)

        let writes = try await stack.emulator.writeCalls(of: stack.user).count
        let second = try await stack.plan(desired)
        #expect(!second.hasChanges, "unexpected: \(second.pending.map { "\($0.action) \($0.address) \($0.changes.map(\.name))" })")
        _ = await Applier(context: stack.context).apply(second)
        #expect(try await stack.emulator.writeCalls(of: stack.user).count == writes)
    }

    static func readBack(_ stack: Stack) async throws {
        let app = stack.app
        let elb = ELBv2(client: stack.client)

        // One load balancer per environment, with its idle timeout, in the file's subnets.
        for environment in ["development", "production"] {
            let balancer = try #require(try await elb.loadBalancer(named: "\(app)-\(environment)"))
            #expect(balancer.Scheme == .internetFacing && balancer.Type == .application)
            #expect(Set((balancer.AvailabilityZones ?? []).compactMap(\.SubnetId)) == Set(stack.network.subnets))
            let attributes = try await elb.describeLoadBalancerAttributes(.init(LoadBalancerArn: balancer.LoadBalancerArn!)).Attributes ?? []
            #expect(attributes.contains { $0.Key == "idle_timeout.timeout_seconds" && $0.Value == "120" })
        }

        // Target groups of type ip with the health check and a short deregistration delay.
        let sciauth = try #require(try await elb.targetGroup(named: "\(app)-production-sciauth"))
        #expect(sciauth.TargetType == .ip && sciauth.Port == 8005 && sciauth.Protocol == .http)
        #expect(sciauth.HealthCheckPath == "/healthz" && sciauth.Matcher?.HttpCode == "200-399")
        #expect(sciauth.HealthCheckIntervalSeconds == 10 && sciauth.HealthyThresholdCount == 2 && sciauth.UnhealthyThresholdCount == 3)
        let delay = try await elb.describeTargetGroupAttributes(.init(TargetGroupArn: sciauth.TargetGroupArn!)).Attributes ?? []
        #expect(delay.contains { $0.Key == "deregistration_delay.timeout_seconds" && $0.Value == "30" })
        #expect(try await elb.targetGroup(named: "\(app)-production-worker") == nil)

        // Production: 80 redirects to HTTPS, 443 serves the certificate with a TLS 1.2+ policy, rules by host.
        let production = try #require(try await elb.loadBalancer(named: "\(app)-production")?.LoadBalancerArn)
        let redirect = try #require(try await elb.listener(loadBalancer: production, port: 80))
        #expect(redirect.DefaultActions?.first?.Type == .redirect && redirect.DefaultActions?.first?.RedirectConfig?.Port == "443")
        let https = try #require(try await elb.listener(loadBalancer: production, port: 443))
        #expect(https.Protocol == .https && https.SslPolicy == ListenerResource.tlsPolicy)
        #expect(https.DefaultActions?.first?.FixedResponseConfig?.StatusCode == "404")
        let rules = try await elb.rules(listener: https.ListenerArn!)
        let hosts = rules.flatMap { $0.Conditions ?? [] }.compactMap { $0.HostHeaderConfig?.Values }.flatMap { $0 }
        #expect(Set(hosts) == ["auth.\(stack.domain)", "scireg.\(stack.domain)"])
        let authRule = try #require(rules.first { ($0.Conditions ?? []).contains { $0.HostHeaderConfig?.Values == ["auth.\(stack.domain)"] } })
        #expect((authRule.Conditions ?? []).contains { $0.PathPatternConfig?.Values == ["/auth", "/auth/*"] })

        // Development: 80 forwards by path, `/` last.
        let development = try #require(try await elb.loadBalancer(named: "\(app)-development")?.LoadBalancerArn)
        let plain = try #require(try await elb.listener(loadBalancer: development, port: 80))
        #expect(plain.Protocol == .http && plain.DefaultActions?.first?.FixedResponseConfig?.StatusCode == "404")
        let pathRules = try await elb.rules(listener: plain.ListenerArn!)
        func priority(_ pattern: String) -> Int? {
            pathRules.first { ($0.Conditions ?? []).contains { $0.PathPatternConfig?.Values?.contains(pattern) == true } }?.Priority.flatMap(Int.init)
        }
        #expect(try #require(priority("/auth/*")) < (try #require(priority("/*"))))

        // The certificate, issued through the zone's validation records; an alias per web service.
        let certificate = try #require(try await CertificateResource.issuedCertificate(domain: stack.domain, stack.context))
        let detail = try await ACM(client: stack.client).describeCertificate(.init(CertificateArn: certificate)).Certificate
        #expect(Set(detail?.SubjectAlternativeNames ?? []) == [stack.domain, "*.\(stack.domain)"])
        let route53 = Route53(client: stack.client)
        let zone = try #require(try await route53.hostedZoneID(named: stack.domain))
        let records = try await route53.listAllResourceRecordSets(zone: zone)
        let alias = try #require(records.first { $0.Name == "auth.\(stack.domain)." && $0.Type == .a })
        let productionDNS = try #require(try await elb.loadBalancer(named: "\(app)-production")?.DNSName)
        #expect(alias.AliasTarget?.DNSName?.lowercased().hasPrefix(productionDNS.lowercased()) == true)
        #expect(records.contains { $0.Type == .cname && $0.Name?.hasPrefix("_") == true })

        // The security groups: 80 and 443 from anywhere; the services' ports from the load balancer's group only.
        let ec2 = EC2(client: stack.client)
        let lbGroup = try #require(try await ec2.securityGroup(named: "\(app)-production-lb", vpc: stack.network.vpcId))
        let open = (lbGroup.IpPermissions ?? []).filter { ($0.IpRanges ?? []).contains { $0.CidrIp == "0.0.0.0/0" } }.compactMap(\.FromPort)
        #expect(Set(open) == [80, 443])
        let tasksGroup = try #require(try await ec2.securityGroup(named: "\(app)-production-tasks", vpc: stack.network.vpcId))
        let fromBalancer = (tasksGroup.IpPermissions ?? []).filter { ($0.UserIdGroupPairs ?? []).contains { $0.GroupId == lbGroup.GroupId } }
        #expect(Set(fromBalancer.compactMap(\.FromPort)) == [8000, 8005])
        #expect((tasksGroup.IpPermissions ?? []).allSatisfy { ($0.IpRanges ?? []).isEmpty })

        // The ECS services: behind their target groups with the grace period; the worker is not.
        let ecs = ECS(client: stack.client)
        let services = try await ecs.describeServices(.init(cluster: app, services: ["\(app)-production-sciauth", "\(app)-production-worker"])).services ?? []
        let web = try #require(services.first { $0.serviceName == "\(app)-production-sciauth" })
        #expect(web.loadBalancers?.first?.targetGroupArn == sciauth.TargetGroupArn && web.loadBalancers?.first?.containerPort == 8005)
        #expect(web.healthCheckGracePeriodSeconds == 60)
        #expect(web.networkConfiguration?.awsvpcConfiguration?.securityGroups?.contains(tasksGroup.GroupId!) == true)
        let worker = try #require(services.first { $0.serviceName == "\(app)-production-worker" })
        #expect((worker.loadBalancers ?? []).isEmpty)

        // Scaling: a target of 1-4 tasks and a CPU policy for sciauth only.
        let scaling = ApplicationAutoScaling(client: stack.client)
        let target = try #require(try await scaling.ecsTarget("service/\(app)/\(app)-production-sciauth"))
        #expect(target.MinCapacity == 1 && target.MaxCapacity == 4)
        let policies = try await scaling.ecsPolicies("service/\(app)/\(app)-production-sciauth")
        #expect(Set(policies.map(\.PolicyName)) == ["\(app)-production-sciauth-cpu", "\(app)-production-sciauth-requests"])
        let cpu = policies.first { $0.PolicyName?.hasSuffix("-cpu") == true }?.TargetTrackingScalingPolicyConfiguration
        #expect(cpu?.TargetValue == 60 && cpu?.PredefinedMetricSpecification?.PredefinedMetricType == .ecsServiceAverageCPUUtilization)
        // Requests per target name the load balancer and the target group: app/{lb}/{id}/targetgroup/{tg}/{id}.
        let requests = policies.first { $0.PolicyName?.hasSuffix("-requests") == true }?.TargetTrackingScalingPolicyConfiguration
        #expect(requests?.TargetValue == 500 && requests?.PredefinedMetricSpecification?.PredefinedMetricType == .albRequestCountPerTarget)
        let label = requests?.PredefinedMetricSpecification?.ResourceLabel ?? ""
        #expect(label.hasPrefix("app/\(app)-production/") && label.contains("/targetgroup/\(app)-production-sciauth/"), "\(label)")
        #expect(try await scaling.ecsTarget("service/\(app)/\(app)-production-scireg") == nil)
    }

    @Test func aChangedHealthCheckPathIsOneInPlaceChangeOfItsTargetGroup() async throws {
        let stack = try await Self.stack()
        #expect(try await stack.apply(stack.desired()).succeeded)
        let changed = try stack.desired { $0.replacingOccurrences(of: "health_check: /healthz", with: "health_check: /ready") }
        let plan = try await stack.plan(changed)
        #expect(plan.pending.map(\.address) == [
            ResourceAddress(.targetGroup, "\(stack.app)-development-sciauth"), ResourceAddress(.targetGroup, "\(stack.app)-production-sciauth"),
        ])
        #expect(plan.pending.allSatisfy { $0.action == .update && $0.changes.map(\.name) == ["health check path"] })
        let before = try await ELBv2(client: stack.client).targetGroup(named: "\(stack.app)-production-sciauth")?.TargetGroupArn
        #expect(await Applier(context: stack.context).apply(plan).succeeded)
        let after = try await ELBv2(client: stack.client).targetGroup(named: "\(stack.app)-production-sciauth")
        #expect(after?.TargetGroupArn == before && after?.HealthCheckPath == "/ready")
        #expect(!(try await stack.plan(changed)).hasChanges)
    }

    @Test func removingHTTPRemovesItsPiecesAndDetachesTheServiceAndAddingItBackAttachesInPlace() async throws {
        let stack = try await Self.stack()
        #expect(try await stack.apply(stack.desired()).succeeded)
        let plain = try stack.desired { $0.replacingOccurrences(of: "    port: 8000\n    http: true\n", with: "    port: 8000\n") }
        let plan = try await stack.plan(plain)
        let deleted = Set(plan.pending.filter { $0.action == .delete }.map(\.address))
        #expect(deleted == [
            ResourceAddress(.targetGroup, "\(stack.app)-development-scireg"), ResourceAddress(.targetGroup, "\(stack.app)-production-scireg"),
            ResourceAddress(.listenerRule, "\(stack.app)-development-scireg"), ResourceAddress(.listenerRule, "\(stack.app)-production-scireg"),
            ResourceAddress(.dnsRecord, "scireg.\(stack.domain)"),
        ])
        let result = await Applier(context: stack.context).apply(plan)
        #expect(result.succeeded, "\(result.failed.map(\.2))")
        let elb = ELBv2(client: stack.client)
        #expect(try await elb.targetGroup(named: "\(stack.app)-production-scireg") == nil)
        let service = try await ECS(client: stack.client).describeServices(.init(cluster: stack.app, services: ["\(stack.app)-production-scireg"])).services?.first
        #expect((service?.loadBalancers ?? []).isEmpty)
        #expect(!(try await stack.plan(plain)).hasChanges)

        // And back: `http` added to the running service attaches it in place.
        let web = try await stack.plan(stack.desired())
        let services = web.pending.filter { $0.address.kind == .ecsService }
        #expect(services.count == 2 && services.allSatisfy { $0.action == .update }, "\(services.map { "\($0.action) \($0.address)" })")
        #expect(await Applier(context: stack.context).apply(web).succeeded)
        let attached = try await ECS(client: stack.client).describeServices(.init(cluster: stack.app, services: ["\(stack.app)-production-scireg"])).services?.first
        #expect(attached?.loadBalancers?.first?.targetGroupArn == (try await elb.targetGroup(named: "\(stack.app)-production-scireg")?.TargetGroupArn))
        #expect(!(try await stack.plan(stack.desired())).hasChanges)
    }

    @Test func destroyLeavesNothingTaggedWithTheAppButTheHostedZone() async throws {
        let stack = try await Self.stack()
        let desired = try stack.desired()
        #expect(try await stack.apply(desired).succeeded)
        let (plan, untagged) = try await Planner(context: stack.context).destroyPlan(desired.resources())
        #expect(untagged.isEmpty)
        let result = await Applier(context: stack.context).apply(plan)
        #expect(result.succeeded, "\(result.failed.map(\.2))")
        // The web front's kinds (moto's tagging API still lists deleted ECS services and task definitions).
        let tagged = try await ResourceGroupsTagging(client: stack.client).getResources(.init(
            TagFilters: [.init(Key: ResourceNames.appTag, Values: [stack.app])],
            ResourceTypeFilters: ["elasticloadbalancing:loadbalancer", "elasticloadbalancing:targetgroup", "elasticloadbalancing:listener",
                                  "elasticloadbalancing:listener-rule", "ec2:security-group", "acm:certificate"])).ResourceTagMappingList ?? []
        #expect(tagged.compactMap(\.ResourceARN) == [])
        #expect(try await Route53(client: stack.client).hostedZoneID(named: stack.domain) != nil)
        let records = try await Route53(client: stack.client).listAllResourceRecordSets(zone: try #require(try await Route53(client: stack.client).hostedZoneID(named: stack.domain)))
        #expect(records.allSatisfy { $0.Type == .ns || $0.Type == .soa })
    }
}
