import Foundation
import Testing
@testable import AWSCore

/// Where requests go and which region signs them, and where the region comes from.
struct EndpointResolutionTests {
    static let ecs = AWSServiceDescription(serviceID: "ECS", signingName: "ecs", endpointPrefix: "ecs", wireProtocol: .json(targetPrefix: "T", version: "1.1"))
    static let logs = AWSServiceDescription(serviceID: "CloudWatch Logs", signingName: "logs", endpointPrefix: "logs", wireProtocol: .json(targetPrefix: "Logs_20140328", version: "1.1"))
    static let iam = AWSServiceDescription(serviceID: "IAM", signingName: "iam", endpointPrefix: "iam", wireProtocol: .query(version: "2010-05-08"), partitionEndpoints: [
        "aws": PartitionEndpoint(host: "iam.amazonaws.com", signingRegion: "us-east-1"),
        "aws-cn": PartitionEndpoint(host: "iam.cn-north-1.amazonaws.com.cn", signingRegion: "cn-north-1"),
        "aws-us-gov": PartitionEndpoint(host: "iam.us-gov.amazonaws.com", signingRegion: "us-gov-west-1"),
    ])

    static let config = """
        [default]
        endpoint_url = http://profile-global:1
        services = local

        [services local]
        ecs =
          endpoint_url = http://services-ecs:2
        cloudwatch_logs =
          endpoint_url = http://services-logs:3
        """

    func resolver(_ environment: [String: String], config: String = config) throws -> (EndpointResolver, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let configuration = try AWSConfiguration(region: "us-east-1", variables: try directory.environment(config: config, environment))
        return (configuration.endpointResolver, directory)
    }

    @Test func precedenceFromServiceVariableDownToTheDefault() throws {
        let all = ["AWS_ENDPOINT_URL_ECS": "http://env-ecs:4", "AWS_ENDPOINT_URL": "http://env-global:5"]
        #expect(try resolver(all).0.endpoint(for: Self.ecs, region: "us-east-1").baseURL == "http://env-ecs:4")
        #expect(try resolver(["AWS_ENDPOINT_URL": "http://env-global:5"]).0.endpoint(for: Self.ecs, region: "us-east-1").baseURL == "http://env-global:5")
        #expect(try resolver([:]).0.endpoint(for: Self.ecs, region: "us-east-1").baseURL == "http://services-ecs:2")
        let iam = try resolver([:]).0.endpoint(for: Self.iam, region: "us-east-1")
        #expect(iam == ServiceEndpoint(baseURL: "http://profile-global:1", signingRegion: "us-east-1", isCustom: true))
        let plain = try resolver([:], config: "[default]\nregion = us-east-1\n").0.endpoint(for: Self.ecs, region: "eu-west-1")
        #expect(plain == ServiceEndpoint(baseURL: "https://ecs.eu-west-1.amazonaws.com", signingRegion: "eu-west-1", isCustom: false))
    }

    @Test func serviceIDsWithSpacesUseUnderscores() throws {
        #expect(Self.logs.endpointEnvironmentVariable == "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS")
        #expect(try resolver([:]).0.endpoint(for: Self.logs, region: "us-east-1").baseURL == "http://services-logs:3")
        #expect(try resolver(["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS": "http://env-logs:6/"]).0.endpoint(for: Self.logs, region: "us-east-1").baseURL == "http://env-logs:6")
    }

    @Test func configuredEndpointsCanBeIgnored() throws {
        let ignored = try resolver(["AWS_ENDPOINT_URL_ECS": "http://env-ecs:4", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]).0
        #expect(ignored.endpoint(for: Self.ecs, region: "us-east-1").baseURL == "https://ecs.us-east-1.amazonaws.com")
        let byProfile = try resolver(["AWS_ENDPOINT_URL": "http://env-global:5"], config: "[default]\nignore_configured_endpoint_urls = true\n").0
        #expect(byProfile.endpoint(for: Self.ecs, region: "us-east-1").isCustom == false)
    }

    @Test func iamHasOneEndpointPerPartition() {
        let resolver = EndpointResolver(variables: [:], profile: nil)
        #expect(resolver.endpoint(for: Self.iam, region: "eu-central-1") == ServiceEndpoint(baseURL: "https://iam.amazonaws.com", signingRegion: "us-east-1", isCustom: false))
        #expect(resolver.endpoint(for: Self.iam, region: "cn-northwest-1") == ServiceEndpoint(baseURL: "https://iam.cn-north-1.amazonaws.com.cn", signingRegion: "cn-north-1", isCustom: false))
        #expect(resolver.endpoint(for: Self.iam, region: "us-gov-east-1") == ServiceEndpoint(baseURL: "https://iam.us-gov.amazonaws.com", signingRegion: "us-gov-west-1", isCustom: false))
        // A custom endpoint keeps the partition's signing region.
        let custom = EndpointResolver(variables: ["AWS_ENDPOINT_URL": "http://127.0.0.1:5000"], profile: nil)
        #expect(custom.endpoint(for: Self.iam, region: "eu-west-1").signingRegion == "us-east-1")
    }

    @Test func chinaRegionsUseTheirOwnDomain() {
        let endpoint = EndpointResolver(variables: [:], profile: nil).endpoint(for: Self.ecs, region: "cn-north-1")
        #expect(endpoint == ServiceEndpoint(baseURL: "https://ecs.cn-north-1.amazonaws.com.cn", signingRegion: "cn-north-1", isCustom: false))
    }

    @Test func hostHeaderAndBasePath() {
        #expect(ServiceEndpoint(baseURL: "http://127.0.0.1:5000/", signingRegion: "r", isCustom: true).hostHeader == "127.0.0.1:5000")
        #expect(ServiceEndpoint(baseURL: "https://example.com:443/base/", signingRegion: "r", isCustom: true).hostHeader == "example.com")
        #expect(ServiceEndpoint(baseURL: "https://example.com:443/base/", signingRegion: "r", isCustom: true).basePath == "/base")
    }
}

struct RegionResolutionTests {
    func configuration(region: String? = nil, profile: String? = nil, config: String = "[default]\nregion = ap-south-1\n[profile other]\nregion = sa-east-1\n",
                       _ environment: [String: String] = [:]) throws -> AWSConfiguration {
        let directory = try TemporaryDirectory()
        return try AWSConfiguration(profile: profile, region: region, variables: try directory.environment(config: config, environment))
    }

    @Test func optionThenAWSRegionThenAWSDefaultRegionThenProfile() throws {
        let both = ["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-2"]
        let fromOption = try configuration(region: "us-west-2", both)
        #expect((fromOption.region, fromOption.regionSource) == ("us-west-2", "--region"))
        let fromRegion = try configuration(both)
        #expect((fromRegion.region, fromRegion.regionSource) == ("eu-west-1", "AWS_REGION"))
        let fromDefault = try configuration(["AWS_DEFAULT_REGION": "eu-west-2"])
        #expect((fromDefault.region, fromDefault.regionSource) == ("eu-west-2", "AWS_DEFAULT_REGION"))
        let fromProfile = try configuration()
        #expect((fromProfile.region, fromProfile.regionSource) == ("ap-south-1", "profile default"))
        #expect(try configuration(profile: "other").region == "sa-east-1")
        #expect(try configuration(["AWS_PROFILE": "other", "AWS_REGION": ""]).region == "sa-east-1")
    }

    @Test func noRegionAnywhereIsAnError() throws {
        let error = #expect(throws: AWSClientError.self) { try configuration(config: "") }
        #expect(error?.description == "no AWS region: pass --region, set AWS_REGION, or set region in the profile 'default'")
    }

    @Test(arguments: ["US-EAST-1", "us east 1", "1us-east", "us-east-1; rm -rf /"])
    func aMalformedRegionIsAnError(_ region: String) throws {
        let error = #expect(throws: AWSClientError.self) { try configuration(["AWS_REGION": region]) }
        #expect(error?.description == "'\(region)' (from AWS_REGION) is not an AWS region name such as us-east-1")
    }

    @Test(arguments: [(["AWS_USE_FIPS_ENDPOINT": "true"], "", "FIPS endpoints (AWS_USE_FIPS_ENDPOINT)"),
                      (["AWS_USE_DUALSTACK_ENDPOINT": "TRUE"], "", "dual-stack endpoints (AWS_USE_DUALSTACK_ENDPOINT)"),
                      ([:], "use_fips_endpoint = true\n", "FIPS endpoints (use_fips_endpoint in the profile 'default')")])
    func fipsAndDualStackAreRefusedNotIgnored(_ variables: [String: String], _ setting: String, _ named: String) throws {
        let error = #expect(throws: AWSClientError.self) {
            try configuration(config: "[default]\nregion = us-east-1\n" + setting, variables)
        }
        #expect(error?.description == "\(named) are not supported by Slipway yet; unset it, "
            + "or name the endpoint with AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_<SERVICE>")
        #expect(try configuration(["AWS_USE_FIPS_ENDPOINT": "false"]).region == "ap-south-1")
    }

    @Test func sharedFilesDefaultToTheHomeDirectory() throws {
        let shared = SharedConfig(variables: ["HOME": "/home/someone"])
        #expect(shared.configPath == "/home/someone/.aws/config")
        #expect(shared.credentialsPath == "/home/someone/.aws/credentials")
        let moved = SharedConfig(variables: ["HOME": "/home/someone", "AWS_CONFIG_FILE": "~/elsewhere/config"])
        #expect(moved.configPath == "/home/someone/elsewhere/config")
    }
}
