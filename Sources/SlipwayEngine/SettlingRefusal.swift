import AWSCore
import AWSServices

/// A refusal AWS makes while something it has just been asked for settles: its error code and,
/// where the code alone says too little, words of its message. docs/DESIGN.md ("What AWS refuses
/// while it settles") lists each with the call, the bound and the source.
public struct SettlingRefusal: Sendable {
    public let code: AWSErrorCode
    /// Any of these in the message (lowercased); empty: any message.
    public let messageContains: [String]

    public init(_ code: AWSErrorCode, containing words: [String] = []) {
        self.code = code
        self.messageContains = words.map { $0.lowercased() }
    }

    public func matches(_ error: any Error) -> Bool {
        guard let error = error as? AWSError, error.is(code) else { return false }
        let message = error.message.lowercased()
        return messageContains.isEmpty || messageContains.contains { message.contains($0) }
    }

    // MARK: - The refusals Slipway waits out (Terraform's bounds for the same calls)

    /// CreateService and UpdateService while its target group is not yet behind a rule, ECS's
    /// service-linked role is new, or a deleted service of the name still drains: 4 minutes.
    static let ecsServiceSettling: [SettlingRefusal] = [
        SettlingRefusal(AWSErrorCode("InvalidParameterException"), containing: [
            "does not have an associated load balancer", "unable to assume the service linked role",
            "verify that the ecs service role being passed has the proper permissions", "still draining",
        ]),
    ]
    /// DeleteCluster while its services drain and tasks stop: 10 minutes.
    static let ecsClusterBusy: [SettlingRefusal] = [
        SettlingRefusal(ECS.ErrorCode.clusterContainsServices), SettlingRefusal(ECS.ErrorCode.clusterContainsTasks),
        SettlingRefusal(AWSErrorCode("UpdateInProgressException")),
    ]
    /// RegisterScalableTarget and PutScalingPolicy just after the ECS service or the target is
    /// made, or while another update of the target is pending: 2 minutes.
    static let scalingSettling: [SettlingRefusal] = [
        SettlingRefusal(AWSErrorCode("ValidationException"), containing: ["ecs service doesn't exist", "unable to assume iam role"]),
        SettlingRefusal(AWSErrorCode("ObjectNotFoundException")), SettlingRefusal(AWSErrorCode("FailedResourceAccessException")),
        SettlingRefusal(AWSErrorCode("ConcurrentUpdateException")),
    ]
    /// CreateListener with a certificate ACM has just issued and ELB does not see yet: 5 minutes.
    static let certificateNotYetVisible = [SettlingRefusal(AWSErrorCode("CertificateNotFound"))]
    /// AuthorizeSecurityGroupIngress just after CreateSecurityGroup (EC2 is eventually consistent): 2 minutes.
    static let groupNotYetVisible = [SettlingRefusal(EC2.ErrorCode.groupNotFound)]
    /// A bucket's settings just after CreateBucket: 2 minutes.
    static let bucketNotYetVisible = [SettlingRefusal(AWSErrorCode("NoSuchBucket"))]
    /// EventBridge's rule or targets changed by another call at the same moment: 2 minutes.
    static let ruleChanging = [SettlingRefusal(AWSErrorCode("ConcurrentModificationException"))]
    /// DeleteRule just after RemoveTargets: 5 minutes.
    static let ruleStillHasTargets = [SettlingRefusal(AWSErrorCode("ValidationException"), containing: ["has targets"])]
}

extension EngineContext {
    /// Runs `body` again while AWS answers one of `refusals`, looking every `shortSettling`
    /// interval, for at most `bound`; then AWS's refusal is the error.
    func retrying<T: Sendable>(_ refusals: [SettlingRefusal], for bound: Duration, _ body: () async throws -> T) async throws -> T {
        var waiter = shortSettling
        waiter.timeout = min(waiter.timeout, bound)
        return try await waiter.retrying(while: { error in refusals.contains { $0.matches(error) } }, body)
    }
}
