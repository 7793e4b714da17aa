import AWSCore
import AWSServices
import Foundation
import Testing

/// AWS's own endpoint rule tests (botocore's `endpoint-tests-1.json`, copied into
/// Tests/TestData/botocore with its LICENSE and NOTICE) for every service Slipway calls, run
/// against AWSCore's `EndpointResolver`: the URL, the signing name and the signing region. The
/// cases that ask for what the resolver does not do are counted as not applicable, each with
/// its reason (`notApplicable`), and printed with the counts.
struct EndpointRuleSuiteTests {
    static let rulesDirectory: URL = {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent("Tests/TestData/botocore/endpoint-rules")
    }()

    /// botocore's folder name → the service description Slipway calls it with.
    static let services: [(folder: String, service: AWSServiceDescription)] = [
        ("codebuild", CodeBuild.service), ("codeconnections", CodeConnections.service),
        ("codestar-connections", CodeConnections.codeStarService), ("codepipeline", CodePipeline.service),
        ("ecr", ECR.service), ("ecs", ECS.service), ("iam", IAM.service), ("lambda", Lambda.service),
        ("logs", CloudWatchLogs.service), ("s3", S3.service), ("sts", STS.service),
        ("acm", ACM.service), ("application-autoscaling", ApplicationAutoScaling.service), ("ec2", EC2.service),
        ("elbv2", ELBv2.service), ("resourcegroupstaggingapi", ResourceGroupsTagging.service), ("route53", Route53.service),
    ]

    /// The partitions the resolver knows: aws, aws-cn and aws-us-gov.
    static func isSupportedPartition(_ region: String) -> Bool {
        !["us-iso-", "us-isob-", "eu-isoe-", "us-isof-", "eusc-"].contains { region.hasPrefix($0) }
    }

    /// Why a case cannot apply to Slipway's resolver, or nil when it must pass.
    static func notApplicable(_ params: [String: JSONValue], expectsError: Bool) -> String? {
        func flag(_ name: String) -> Bool { params[name] == .bool(true) }
        if flag("UseFIPS") { return "FIPS endpoints: not supported; AWS_USE_FIPS_ENDPOINT=true is refused with a clear error" }
        if flag("UseDualStack") { return "dual-stack endpoints: not supported; AWS_USE_DUALSTACK_ENDPOINT=true is refused with a clear error" }
        if flag("UseGlobalEndpoint") { return "the legacy global endpoints (STS, S3 in us-east-1): Slipway uses the regional ones" }
        let s3Only: Set<String> = ["Accelerate", "UseArnRegion", "DisableMultiRegionAccessPoints", "UseObjectLambdaEndpoint",
                                   "UseS3ExpressControlEndpoint", "DisableS3ExpressSessionAuth", "DisableAccessPoints", "Key", "Prefix",
                                   "CopySource", "OperationType", "AccountId", "AccountIdEndpointMode"]
        if let unused = params.keys.first(where: { s3Only.contains($0) && params[$0] != .bool(false) }) {
            return "\(unused): a feature of S3 addressing Slipway does not use"
        }
        if params["Bucket"] != nil && !flag("ForcePathStyle") { return "virtual-hosted S3 addressing: Slipway addresses buckets path-style" }
        guard case .string(let region)? = params["Region"] else {
            return "no region: Slipway refuses to start without one (AWSConfiguration), before any endpoint is resolved"
        }
        if !isSupportedPartition(region) { return "partition of \(region): the resolver knows aws, aws-cn and aws-us-gov" }
        if expectsError { return "a combination AWS's rules refuse that Slipway cannot express" }
        return nil
    }

    struct Outcome {
        var passed = 0
        var notApplicable: [String: Int] = [:]
        var failures: [String] = []
    }

    static func run(_ folder: String, _ service: AWSServiceDescription) throws -> Outcome {
        let file = rulesDirectory.appendingPathComponent("\(folder)/endpoint-tests-1.json")
        let suite = try JSONValue.parse(try Data(contentsOf: file))
        guard case .array(let cases)? = suite["testCases"] else { throw CocoaError(.fileReadCorruptFile) }
        var outcome = Outcome()
        for testCase in cases {
            guard case .object(let params)? = testCase["params"] else { continue }
            let expected = testCase["expect"]
            if let reason = notApplicable(params, expectsError: expected?["error"] != nil) {
                outcome.notApplicable[reason, default: 0] += 1
                continue
            }
            guard case .string(let region)? = params["Region"], let url = expected?["endpoint"]?["url"]?.stringValue else { continue }
            let variables = params["Endpoint"]?.stringValue.map { ["AWS_ENDPOINT_URL": $0] } ?? [:]
            let endpoint = EndpointResolver(variables: variables, profile: nil).endpoint(for: service, region: region)
            var resolved = endpoint.baseURL
            if let bucket = params["Bucket"]?.stringValue { resolved += "/" + bucket }
            var problems: [String] = []
            if resolved != url { problems.append("URL \(resolved), expected \(url)") }
            if case .array(let schemes)? = expected?["endpoint"]?["properties"]?["authSchemes"], let scheme = schemes.first {
                if let name = scheme["signingName"]?.stringValue, name != service.signingName {
                    problems.append("signing name \(service.signingName), expected \(name)")
                }
                if let signingRegion = scheme["signingRegion"]?.stringValue, signingRegion != endpoint.signingRegion {
                    problems.append("signing region \(endpoint.signingRegion), expected \(signingRegion)")
                }
            }
            if problems.isEmpty {
                outcome.passed += 1
            } else {
                let documentation = testCase["documentation"]?.stringValue ?? "?"
                outcome.failures.append("\(folder): \(documentation): " + problems.joined(separator: "; "))
            }
        }
        return outcome
    }

    @Test(arguments: services.map(\.folder))
    func everyApplicableCasePasses(_ folder: String) throws {
        let service = try #require(Self.services.first { $0.folder == folder }?.service)
        let outcome = try Self.run(folder, service)
        #expect(outcome.failures.isEmpty, "\(outcome.failures.joined(separator: "\n"))")
        #expect(outcome.passed > 0, "no case of \(folder) applies: the suite is not what this test thinks it is")
        let skipped = outcome.notApplicable.sorted { $0.key < $1.key }.map { "    \($0.value) not applicable: \($0.key)" }
        print((["endpoint rules, \(folder): \(outcome.passed) passed, \(outcome.failures.count) failed, "
            + "\(outcome.notApplicable.values.reduce(0, +)) not applicable"] + skipped).joined(separator: "\n"))
    }
}
