import AWSCore
import Foundation
import SlipwayTestSupport
import Testing

/// Replies read as botocore reads them: with every member the models call required taken out of
/// every reply (the emulator's reply stripping, for this test's access key only), except the
/// members Slipway uses, plan, status and destroy work as before; a member Slipway needs that
/// is missing is an error naming the call, the member and the resource.
@Suite(.serialized) struct LenientReplyTests {
    /// The required members Slipway reads, by operation: each is needed to act (an ID, a policy
    /// name) or compared with the file (tags, policies, sizes). Every other required member of
    /// every reply goes.
    static let used: [String: [String]] = [
        "ACM.DescribeCertificate": ["Certificate.DomainValidationOptions[].ResourceRecord.Name", "Certificate.DomainValidationOptions[].ResourceRecord.Value"],
        "ACM.ListTagsForCertificate": ["Tags[].Key"],
        "ApplicationAutoScaling.DescribeScalableTargets": ["ScalableTargets[].ResourceId", "ScalableTargets[].MinCapacity", "ScalableTargets[].MaxCapacity"],
        "ApplicationAutoScaling.DescribeScalingPolicies": ["ScalingPolicies[].PolicyName", "ScalingPolicies[].TargetTrackingScalingPolicyConfiguration.TargetValue"],
        "CodeBuild.BatchGetProjects": ["projects[].environment.image", "projects[].environment.computeType", "projects[].environment.environmentVariables[].name", "projects[].environment.environmentVariables[].value"],
        "CodePipeline.GetPipeline": ["pipeline.roleArn", "pipeline.artifactStore.location", "pipeline.stages[].name", "pipeline.stages[].actions[].name", "pipeline.stages[].actions[].actionTypeId.category", "pipeline.stages[].actions[].actionTypeId.provider", "pipeline.triggers[].gitConfiguration"],
        "CodePipeline.ListTagsForResource": ["tags[].key", "tags[].value"],
        "ECR.ListTagsForResource": ["tags[].Key", "tags[].Value"],
        "ECS.DescribeServices": ["services[].deploymentConfiguration.deploymentCircuitBreaker.enable", "services[].deploymentConfiguration.deploymentCircuitBreaker.rollback", "services[].networkConfiguration.awsvpcConfiguration.subnets"],
        "ECS.DescribeTaskDefinition": ["taskDefinition.containerDefinitions[].secrets[].name", "taskDefinition.containerDefinitions[].secrets[].valueFrom"],
        "ElasticLoadBalancingv2.DescribeListeners": ["Listeners[].DefaultActions[].Type", "Listeners[].DefaultActions[].RedirectConfig.StatusCode", "Listeners[].DefaultActions[].FixedResponseConfig.StatusCode"],
        "ElasticLoadBalancingv2.DescribeRules": ["Rules[].Actions[].Type", "Rules[].Actions[].FixedResponseConfig.StatusCode"],
        "ElasticLoadBalancingv2.DescribeTargetHealth": ["TargetHealthDescriptions[].Target.Id"],
        "ElasticLoadBalancingv2.DescribeTags": ["TagDescriptions[].Tags[].Key"],
        "IAM.GetRole": ["Role", "Role.Tags[].Key", "Role.Tags[].Value"],
        "IAM.GetRolePolicy": ["PolicyDocument"],
        "IAM.ListRolePolicies": ["PolicyNames"],
        "ResourceGroupsTaggingAPI.GetResources": ["ResourceTagMappingList[].Tags[].Key", "ResourceTagMappingList[].Tags[].Value"],
        "Route53.ListHostedZonesByName": ["HostedZones[].Id", "HostedZones[].Name"],
        "Route53.ListResourceRecordSets": ["ResourceRecordSets[].AliasTarget.HostedZoneId", "ResourceRecordSets[].AliasTarget.EvaluateTargetHealth", "ResourceRecordSets[].Name", "ResourceRecordSets[].Type", "ResourceRecordSets[].AliasTarget.DNSName", "ResourceRecordSets[].ResourceRecords[].Value"],
        "S3.GetBucketEncryption": ["ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault.SSEAlgorithm"],
        "S3.GetBucketTagging": ["TagSet[].Key", "TagSet[].Value"],
    ]

    static func strip(_ stack: CLIStack, _ body: [String: JSONValue]) async throws {
        try await EmulatorControl.post(stack.emulator, "/_slipway/strip-replies", body.merging(["accessKey": .string(stack.user.accessKeyID)]) { $1 })
    }

    static func withoutReadTime(_ text: String) throws -> JSONValue {
        guard case .object(var document) = try JSONValue.parse(Array(text.utf8)) else { return .null }
        document["readAt"] = nil
        return .object(document)
    }

    @Test func repliesWithoutTheRequiredMembersSlipwayDoesNotUseStillPlanShowStatusAndDestroy() async throws {
        let stack = try await CLIStack.make("lr")
        try await stack.apply()
        // The status once the first rollouts are over, so that only the stripping can change it.
        var statusBefore = try await stack.slipway(["status", "--output", "json"])
        try await eventually("the first rollouts to finish", timeout: .seconds(60), interval: .milliseconds(500)) {
            let again = try await stack.slipway(["status", "--output", "json"])
            defer { statusBefore = again }
            return try Self.withoutReadTime(again.stdout) == (try Self.withoutReadTime(statusBefore.stdout))
        }

        let used = JSONValue.object(Self.used.mapValues { .array($0.map(JSONValue.string)) })
        try await Self.strip(stack, ["required": .bool(true), "keep": used])
        let plan = try await stack.slipway(["plan", "--detailed-exitcode"])
        #expect(plan.status == 0, "\(plan.stdout)\n\(plan.stderr)")
        let status = try await stack.slipway(["status", "--output", "json"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(try Self.withoutReadTime(status.stdout) == (try Self.withoutReadTime(statusBefore.stdout)), "\(statusBefore.stdout)\n---\n\(status.stdout)")
        let destroy = try await stack.slipway(["destroy", "--auto-approve"])
        #expect(destroy.status == 0, "\(destroy.stderr)")

        // The stripping was real: many operations' replies lost members, across the services.
        let stripped = try await EmulatorControl.getReading(stack.emulator, "/_slipway/strip-replies")
        guard case .object(let byOperation)? = stripped["stripped"] else { Issue.record("no report: \(stripped)"); return }
        #expect(byOperation.count >= 15, "\(byOperation.keys.sorted())")
        #expect(byOperation["IAM.GetRole"] != nil && byOperation["ECS.DescribeServices"] != nil && byOperation["Route53.ListHostedZonesByName"] != nil)
        try await EmulatorControl.delete(stack.emulator, "/_slipway/strip-replies")
        let after = try await stack.slipway(["plan", "--output", "json"])
        #expect(try JSONValue.parse(Array(after.stdout.utf8))["changes"]?.items.allSatisfy { $0["action"]?.stringValue == "create" } == true)
    }

    @Test func aMissingMemberSlipwayNeedsIsAnErrorNamingTheCallTheMemberAndTheResource() async throws {
        let stack = try await CLIStack.make("lr")
        try await stack.apply()
        try await Self.strip(stack, ["only": .object(["Route53.ListHostedZonesByName": .array([.string("HostedZones[].Id")])])])
        let plan = try await stack.slipway(["plan"])
        #expect(plan.status == 1)
        let domain = ExampleApp.domain(app: stack.app)
        #expect(plan.stderr.contains("Route 53 ListHostedZonesByName: the reply for hosted zone \(domain) has no HostedZones[].Id, which Slipway needs"), "\(plan.stderr)")
        try await EmulatorControl.delete(stack.emulator, "/_slipway/strip-replies")
    }
}
