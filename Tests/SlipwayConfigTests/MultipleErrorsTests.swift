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
