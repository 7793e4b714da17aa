import SlipwayConfig
import Testing

@Test func everyProblemIsReportedInTheFilesOrder() {
    let text = """
        app: Shop
        regoin: us-east-1
        source:
          owner: acme
        cluster:
          name: shop
          subnets: []
        environments:
          production:
            branch: ""
        services:
          web:
            repo: web
            cpu: 300
            port: 0
            cpu: 512

        """
    #expect(
        ConfigTestSupport.errorLines(text) == [
            "slipway.yml:1:6: app 'Shop' must start with a lowercase letter and use only lowercase letters, digits "
                + "and '-', e.g. 'shop'",
            "slipway.yml:2:1: unknown key 'regoin' at the top level; did you mean 'region'?",
            "slipway.yml:3:1: source needs connection (a CodeConnections ARN, GitHub version 2) or oauth_token "
                + "(GitHub version 1); add one of them",
            "slipway.yml:7:12: cluster.subnets is empty; list at least one subnet ID, e.g. [subnet-0a1b2c3d]",
            "slipway.yml:10:13: environments.production.branch is empty; name the Git branch that deploys to "
                + "production",
            "slipway.yml:14:10: services.web.cpu 300 is not a Fargate cpu size; use 256, 512, 1024, 2048, 4096, "
                + "8192 or 16384",
            "slipway.yml:15:11: services.web.port 0 is out of range; use a port from 1 to 65535",
            "slipway.yml:16:5: key 'cpu' appears twice in this mapping (first at line 14, column 5); keep only one",
        ])
}

@Test func everyWebProblemIsReported() {
    let subnets = "  subnets: [subnet-0a1b2c3d, subnet-4e5f6071]\n"
    var text = ConfigTestSupport.webMinimal(replacing: subnets, with: subnets + "  idle_timeout: forever\n")
    text = text.replacingFirst("    branch: main\n", with: "    branch: main\n    domain: Shop.example.org\n")
    text += """
            http:
              host: www.shop
              health_check: {interval: 10s, codes: 600}
            scaling: {min: 4, max: 2}

        """
    #expect(
        ConfigTestSupport.errorLines(text) == [
            "slipway.yml:10:17: load_balancer.idle_timeout 'forever' is not a duration; write it like 30s, 2m or "
                + "1m30s (or a number of seconds)",
            "slipway.yml:14:13: environments.production.domain 'Shop.example.org' has capital letters; "
                + "write it in lowercase: 'shop.example.org'",
            "slipway.yml:20:13: services.web.http.host 'www.shop' is not a DNS label; write one label, such as auth: "
                + "the environment's domain is added after it",
            "slipway.yml:21:44: services.web.http.health_check.codes '600' has a code outside 200-499; a load "
                + "balancer's health check takes codes from 200 to 499",
            "slipway.yml:22:20: services.web.scaling.min 4 is above max 2; make min at most max",
        ])
}

@Test func aKeyWrittenThreeTimesIsReportedTwice() {
    let text = ConfigTestSupport.minimal(appending: "    count: 1\n    count: 2\n    count: 3\n")
    #expect(
        ConfigTestSupport.errorLines(text) == [
            "slipway.yml:15:5: key 'count' appears twice in this mapping (first at line 14, column 5); keep only one",
            "slipway.yml:16:5: key 'count' appears twice in this mapping (first at line 14, column 5); keep only one",
        ])
}

@Test func missingSectionsAreAllReported() {
    #expect(
        ConfigTestSupport.errorLines("app: shop\n") == [
            "slipway.yml:1:1: source is missing; add source: with owner and connection (or oauth_token)",
            "slipway.yml:1:1: cluster is missing; add cluster: with name and subnets",
            "slipway.yml:1:1: environments is missing; declare at least one environment, e.g. production: "
                + "{branch: main}",
            "slipway.yml:1:1: services is missing; declare at least one service, e.g. web: {repo: NAME}",
        ])
}

@Test func errorsPrintOneLineEach() {
    do {
        _ = try ConfigLoader.load(text: "app: shop\n", fileName: "deploy/slipway.yml", variables: [:])
        Issue.record("an incomplete file loaded")
    } catch {
        #expect(error.errors.count == 4)
        #expect(String(describing: error).split(separator: "\n").count == 4)
        #expect(String(describing: error).hasPrefix("deploy/slipway.yml:1:1: source is missing"))
    }
}
