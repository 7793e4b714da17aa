import SlipwayConfig
import Testing

@Suite struct WebDefaultsAndOverridesTests {
    @Test func loadBalancerDefaults() throws {
        let text = ConfigTestSupport.minimal(appending: "load_balancer:\n  subnets: [subnet-0a1b2c3d, subnet-4e5f6071]\n")
        let loadBalancer = try #require(try ConfigLoader.load(text: text, variables: [:]).loadBalancer)
        #expect(loadBalancer.internal.value == false)
        #expect(loadBalancer.idleTimeout.value == 60)
        #expect(
            loadBalancer.resolved
                == ResolvedLoadBalancer(subnets: ["subnet-0a1b2c3d", "subnet-4e5f6071"], internal: false, idleTimeout: 60))
        #expect(try ConfigLoader.load(text: ExampleConfig.minimal, variables: [:]).loadBalancer == nil)
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

    @Test func anEnvironmentsDomain() throws {
        let text = ConfigTestSupport.minimal(
            replacing: "    branch: main\n", with: "    branch: main\n    domain: shop.example.org\n")
        let file = try ConfigLoader.load(text: text, variables: [:])
        #expect(file.environment(named: "production")?.domain == Located("shop.example.org", at: .init(line: 11, column: 13)))
        #expect(try ConfigLoader.load(text: ExampleConfig.minimal, variables: [:]).environments.first?.domain == nil)
    }
}
