import SlipwayConfig
import Testing

@Suite struct WebDefaultsAndOverridesTests {
    static let defaultHealthCheck = ResolvedService.Web.HealthCheck(
        path: "/", codes: "200-399", interval: 10, timeout: 5, healthy: 2, unhealthy: 3)

    /// `webMinimal` with a staging environment (and `staging` lines) before production; appended lines
    /// belong to the service `web`.
    static func twoEnvironments(staging: String = "", appending lines: String) -> String {
        ConfigTestSupport.webMinimal(
            replacing: "  production:\n", with: "  staging:\n    branch: develop\n\(staging)  production:\n") + lines
    }

    @Test func httpTrueFillsEveryDefault() throws {
        let file = try ConfigLoader.load(text: ConfigTestSupport.webMinimal(appending: "    http: true\n"), variables: [:])
        let loadBalancer = try #require(file.loadBalancer)
        #expect(loadBalancer.internal.value == false)
        #expect(loadBalancer.idleTimeout.value == 60)
        #expect(
            loadBalancer.resolved
                == ResolvedLoadBalancer(subnets: ["subnet-0a1b2c3d", "subnet-4e5f6071"], internal: false, idleTimeout: 60))
        let service = try #require(file.service("web", in: "production"))
        #expect(
            service.web
                == ResolvedService.Web(
                    host: "web", path: "/", port: 8080, healthCheck: Self.defaultHealthCheck, gracePeriod: 60,
                    deregistrationDelay: 30))
        #expect(service.ports == [8080])
        #expect(service.scaling == nil)
        #expect(service.domain == nil)
        #expect(service.hostName == nil)
        #expect(file.services.first?.settings.http.position == SourcePosition(line: 17, column: 5))
    }

    @Test(arguments: [("45", 45), ("45s", 45), ("2m", 120), ("1m30s", 90), ("1h", 3600), ("1h1m1s", 3661)])
    func loadBalancerAsWritten(written: String, seconds: Int) throws {
        let text = ConfigTestSupport.minimal(
            appending: "load_balancer:\n  subnets: [subnet-0a1b2c3d4e5f60718, subnet-4e5f6071]\n  internal: true\n"
                + "  idle_timeout: \(written)\n")
        let file = try ConfigLoader.load(text: text, variables: [:])
        #expect(
            file.loadBalancer?.resolved
                == ResolvedLoadBalancer(
                    subnets: ["subnet-0a1b2c3d4e5f60718", "subnet-4e5f6071"], internal: true, idleTimeout: seconds))
    }

    @Test func aServiceWithoutHTTPIsNoWebService() throws {
        let file = try ConfigLoader.load(text: ExampleConfig.minimal, variables: [:])
        let service = try #require(file.service("web", in: "production"))
        #expect(file.loadBalancer == nil)
        #expect(service.web == nil)
        #expect(service.scaling == nil)
        #expect(service.domain == nil)
        #expect(service.hostName == nil)
        #expect(file.environments.first?.domain == nil)
    }

    @Test func everyWebKeyAsWritten() throws {
        let text =
            ConfigTestSupport.webMinimal(
                replacing: "  subnets: [subnet-0a1b2c3d, subnet-4e5f6071]\n",
                with: "  subnets: [subnet-0a1b2c3d4e5f60718, subnet-4e5f6071]\n  internal: true\n  idle_timeout: 2m\n")
                + """
                    http:
                      host: shop
                      path: /store/v1
                      port: 8080
                      health_check:
                        path: /healthz?full=1
                        codes: 200,202
                        interval: 1m30s
                        timeout: 20
                        healthy: 5
                        unhealthy: 10
                      grace_period: 1h
                      deregistration_delay: 0
                    scaling:
                      min: 0
                      max: 1000
                      cpu: 100
                      requests: 2500

                """
        let file = try ConfigLoader.load(text: text, variables: [:])
        #expect(
            file.loadBalancer?.resolved
                == ResolvedLoadBalancer(
                    subnets: ["subnet-0a1b2c3d4e5f60718", "subnet-4e5f6071"], internal: true, idleTimeout: 120))
        let service = try #require(file.service("web", in: "production"))
        #expect(
            service.web
                == ResolvedService.Web(
                    host: "shop", path: "/store/v1", port: 8080,
                    healthCheck: .init(
                        path: "/healthz?full=1", codes: "200,202", interval: 90, timeout: 20, healthy: 5, unhealthy: 10),
                    gracePeriod: 3600, deregistrationDelay: 0))
        #expect(service.scaling == ResolvedService.Scaling(min: 0, max: 1000, cpu: 100, requests: 2500))
    }

    @Test(arguments: [
        ("200", "200"), ("\"200\"", "200"), ("200-299", "200-299"), ("200,202,204", "200,202,204"), ("200, 202", "200,202"),
        ("499", "499"),
    ])
    func healthCheckCodesAsTheMatcherTakesThem(written: String, expected: String) throws {
        let text = ConfigTestSupport.webMinimal(appending: "    http:\n      health_check:\n        codes: \(written)\n")
        let file = try ConfigLoader.load(text: text, variables: [:])
        #expect(file.service("web", in: "production")?.web?.healthCheck.codes == expected)
    }

    @Test(arguments: [("45", 45), ("45s", 45), ("2m", 120), ("1m30s", 90), ("1h", 3600), ("1h1m1s", 3661), ("0s", 0)])
    func durations(written: String, seconds: Int) throws {
        let text = ConfigTestSupport.webMinimal(appending: "    http:\n      grace_period: \(written)\n")
        let file = try ConfigLoader.load(text: text, variables: [:])
        #expect(file.service("web", in: "production")?.web?.gracePeriod == seconds)
    }

    @Test func theTrafficPortDefaultsToTheFirstOfPorts() throws {
        let text =
            ConfigTestSupport.webMinimal(replacing: "    port: 8080\n", with: "    ports: [8443, 8080]\n")
            + "    http: true\n"
        let service = try #require(try ConfigLoader.load(text: text, variables: [:]).service("web", in: "production"))
        #expect(service.web?.port == 8443)
        #expect(service.ports == [8443, 8080])
    }

    @Test func anHTTPPortAloneIsTheContainersPort() throws {
        let text = ConfigTestSupport.webMinimal(replacing: "    port: 8080\n", with: "    http: {port: 3000}\n")
        let service = try #require(try ConfigLoader.load(text: text, variables: [:]).service("web", in: "production"))
        #expect(service.web?.port == 3000)
        #expect(service.ports == [3000])
    }

    @Test func scalingDefaultsToCPU() throws {
        let cases: [(String, ResolvedService.Scaling)] = [
            ("{max: 4}", .init(min: 1, max: 4, cpu: 70, requests: nil)),
            ("{max: 4, requests: 300}", .init(min: 1, max: 4, cpu: nil, requests: 300)),
            ("{min: 2, max: 4, cpu: 50, requests: 300}", .init(min: 2, max: 4, cpu: 50, requests: 300)),
            ("{min: 3, max: 3}", .init(min: 3, max: 3, cpu: 70, requests: nil)),
        ]
        for (written, expected) in cases {
            let text = ConfigTestSupport.webMinimal(appending: "    http: true\n    scaling: \(written)\n")
            let file = try ConfigLoader.load(text: text, variables: [:])
            #expect(file.service("web", in: "production")?.scaling == expected, "scaling: \(written)")
        }
        let file = try ConfigLoader.load(
            text: ConfigTestSupport.minimal(appending: "    scaling: false\n"), variables: [:])
        #expect(file.service("web", in: "production")?.scaling == nil)
    }

    @Test func anEnvironmentsHTTPAndScalingReplaceTheServicesWhole() throws {
        let text = Self.twoEnvironments(
            appending: """
                    http:
                      host: auth
                      path: /auth
                      health_check: {path: /healthz, interval: 30s}
                    scaling: {min: 2, max: 8, requests: 100}
                    environments:
                      production:
                        http: {path: /api}
                        scaling: {max: 3}

                """)
        let file = try ConfigLoader.load(text: text, variables: [:])
        let staging = try #require(file.service("web", in: "staging"))
        let production = try #require(file.service("web", in: "production"))
        #expect(staging.web?.host == "auth")
        #expect(staging.web?.path == "/auth")
        #expect(staging.web?.healthCheck.path == "/healthz")
        #expect(staging.web?.healthCheck.interval == 30)
        #expect(staging.scaling == ResolvedService.Scaling(min: 2, max: 8, cpu: nil, requests: 100))
        // Nothing of the service's http or scaling is kept: each key not written takes its default.
        #expect(
            production.web
                == ResolvedService.Web(
                    host: "web", path: "/api", port: 8080, healthCheck: Self.defaultHealthCheck, gracePeriod: 60,
                    deregistrationDelay: 30))
        #expect(production.scaling == ResolvedService.Scaling(min: 1, max: 3, cpu: 70, requests: nil))
    }

    @Test func falseTurnsHTTPAndScalingOffInAnEnvironment() throws {
        let text = Self.twoEnvironments(
            appending: """
                    http: true
                    scaling: {max: 4}
                    environments:
                      staging:
                        http: false
                        scaling: false

                """)
        let file = try ConfigLoader.load(text: text, variables: [:])
        let staging = try #require(file.service("web", in: "staging"))
        let production = try #require(file.service("web", in: "production"))
        #expect(staging.web == nil)
        #expect(staging.scaling == nil)
        #expect(staging.ports == [8080])
        #expect(production.web?.port == 8080)
        #expect(production.scaling?.max == 4)
    }

    @Test func anEnvironmentCanTurnHTTPOnForItselfAlone() throws {
        let text = Self.twoEnvironments(
            appending: "    http: false\n    environments:\n      production:\n        http: {path: /shop}\n")
        let file = try ConfigLoader.load(text: text, variables: [:])
        #expect(file.service("web", in: "staging")?.web == nil)
        #expect(file.service("web", in: "production")?.web?.path == "/shop")
    }

    @Test func theHostNameJoinsTheHostAndTheEnvironmentsDomain() throws {
        let text =
            Self.twoEnvironments(staging: "    domain: staging.shop.example.org\n", appending: "    http: true\n")
            + "  api:\n    repo: api\n    port: 9000\n    http: {host: api-v2, path: /v2}\n"
        let file = try ConfigLoader.load(text: text, variables: [:])
        #expect(file.environment(named: "staging")?.domain?.value == "staging.shop.example.org")
        let web = try #require(file.service("web", in: "staging"))
        let api = try #require(file.service("api", in: "staging"))
        #expect(web.domain == "staging.shop.example.org")
        #expect(web.hostName == "web.staging.shop.example.org")
        #expect(api.hostName == "api-v2.staging.shop.example.org")
        // Without a domain the services are told apart by path alone, and have no host name.
        #expect(file.service("web", in: "production")?.hostName == nil)
        #expect(file.service("api", in: "production")?.web?.path == "/v2")
    }

    @Test func servicesMayShareAPathUnderDifferentHosts() throws {
        let text =
            ConfigTestSupport.webMinimal(
                replacing: "    branch: main\n", with: "    branch: main\n    domain: shop.example.org\n")
            + "    http: true\n  api:\n    repo: api\n    port: 9000\n    http: true\n"
            + "  admin:\n    repo: admin\n    port: 9000\n    http: {host: api, path: /admin}\n"
        let file = try ConfigLoader.load(text: text, variables: [:])
        #expect(
            file.services(in: "production").compactMap(\.hostName) == [
                "web.shop.example.org", "api.shop.example.org", "api.shop.example.org",
            ])
    }

    @Test func theWebExampleLoads() throws {
        let file = try ConfigLoader.load(text: ExampleConfig.web, variables: [:])
        #expect(
            file.loadBalancer?.resolved
                == ResolvedLoadBalancer(
                    subnets: ["subnet-0aa11bb22cc33dd44", "subnet-0bb22cc33dd44ee55"], internal: false, idleTimeout: 60))
        #expect(file.loadBalancer?.subnets.first?.position == SourcePosition(line: 15, column: 13))
        let development = try #require(file.service("sciauth", in: "development"))
        let production = try #require(file.service("sciauth", in: "production"))
        #expect(
            development.web
                == ResolvedService.Web(
                    host: "auth", path: "/auth", port: 8005,
                    healthCheck: .init(
                        path: "/healthz", codes: "200-399", interval: 10, timeout: 5, healthy: 2, unhealthy: 3),
                    gracePeriod: 90, deregistrationDelay: 30))
        #expect(development.scaling == ResolvedService.Scaling(min: 1, max: 6, cpu: 70, requests: 500))
        #expect(development.hostName == nil)
        #expect(production.web == development.web)
        #expect(production.scaling == ResolvedService.Scaling(min: 2, max: 10, cpu: 60, requests: nil))
        #expect(production.domain == "dbmi.example.org")
        #expect(production.hostName == "auth.dbmi.example.org")
        let portal = try #require(file.service("portal", in: "production"))
        #expect(portal.web?.port == 3000)
        #expect(portal.web?.path == "/")
        #expect(portal.hostName == "portal.dbmi.example.org")
        #expect(portal.names.targetGroup == "dbmi-production-portal")
    }
}
