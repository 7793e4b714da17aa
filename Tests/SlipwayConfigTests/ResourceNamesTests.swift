import SlipwayConfig
import Testing

@Suite struct ResourceNamesTests {
    let names = ResourceNames(app: "dbmi")

    @Test func perServiceNames() {
        let service = names.service("sciauth", in: "production")
        #expect(service.pipeline == "dbmi-production-sciauth")
        #expect(service.buildProject == "dbmi-production-sciauth")
        #expect(service.ecsService == "dbmi-production-sciauth")
        #expect(service.taskFamily == "dbmi-production-sciauth")
        #expect(service.webhook == "dbmi-production-sciauth")
        #expect(service.containerName == "sciauth")
        #expect(service.ecrRepository == "dbmi/sciauth")
        #expect(service.logGroup == "/ecs/dbmi/production/sciauth")
        #expect(service.buildLogGroup == "/aws/codebuild/dbmi-production-sciauth")
        #expect(service.buildRole == "dbmi-production-sciauth-build")
        #expect(service.pipelineRole == "dbmi-production-sciauth-pipeline")
        #expect(service.taskExecutionRole == "dbmi-production-sciauth-task-exec")
        #expect(
            service.tags == ["slipway:app": "dbmi", "slipway:env": "production", "slipway:service": "sciauth"])
    }

    @Test func appWideNames() {
        #expect(names.deployerFunction == "dbmi-deployer")
        #expect(names.deployerRole == "dbmi-deployer")
        #expect(names.deployerLogGroup == "/aws/lambda/dbmi-deployer")
        #expect(names.ecrRepository(service: "sciauth") == "dbmi/sciauth")
        #expect(names.appTags == ["slipway:app": "dbmi"])
    }

    @Test func artifactBucketTakesTheAccountAtRunTime() {
        #expect(
            names.artifactBucket(account: "123456789012", region: "us-east-1")
                == "dbmi-artifacts-123456789012-us-east-1")
        #expect(names.artifactBucketProblem(account: "123456789012", region: "us-east-1") == nil)
        #expect(
            ResourceNames(app: "abcdefghijklmnopqrst").artifactBucketProblem(
                account: "123456789012", region: "ap-southeast-2-verylongregion") == "the S3 bucket name "
                + "'abcdefghijklmnopqrst-artifacts-123456789012-ap-southeast-2-verylongregion' would be 73 "
                + "characters, over AWS's limit of 63")
    }

    @Test func webNames() {
        #expect(names.loadBalancer(environment: "production") == "dbmi-production")
        #expect(names.loadBalancerSecurityGroup(environment: "production") == "dbmi-production-lb")
        #expect(names.tasksSecurityGroup(environment: "production") == "dbmi-production-tasks")
        let service = names.service("sciauth", in: "production")
        #expect(service.targetGroup == "dbmi-production-sciauth")
        #expect(service.scalableTarget(cluster: "dbmi") == "service/dbmi/dbmi-production-sciauth")
    }

    @Test func longLoadBalancerAndTargetGroupNamesKeepTheirStartAndEndInAHash() {
        // 32 characters fit as they are.
        #expect(
            ResourceNames(app: "shop").service("abcdef-frontend", in: "development").targetGroup
                == "shop-development-abcdef-frontend")
        // 39 characters: the first 24, then '-' and FNV-1a's first 7 hex digits (c6559b3d).
        #expect(
            ResourceNames(app: "abcdefghijklmnopqrst").loadBalancer(environment: "production-billing")
                == "abcdefghijklmnopqrst-pro-c6559b3")
        // The kept start loses its trailing '-' (bb90e9df).
        #expect(
            ResourceNames(app: "shop").service("abcdef-frontends", in: "development").targetGroup
                == "shop-development-abcdef-bb90e9d")
        // A hash's leading zero is kept (096ed448).
        #expect(
            names.service("service24-xyyyyyy", in: "production").targetGroup == "dbmi-production-service2-096ed44")
    }

    @Test func theLoadedFileDerivesTheSameNames() throws {
        let file = try ConfigLoader.load(text: ExampleConfig.text, variables: [:])
        #expect(file.names == names)
        #expect(file.service("sciauth", in: "development")?.names == names.service("sciauth", in: "development"))
    }
}
