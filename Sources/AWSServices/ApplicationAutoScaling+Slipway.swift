import AWSCore

// Application Auto Scaling: target tracking of an ECS service's desired count. The shapes and
// calls are generated (Generated/ApplicationAutoScaling.swift); written here are the error codes
// Slipway matches and its lookups.
extension ApplicationAutoScaling {
    public enum ErrorCode {
        public static let objectNotFound = AWSErrorCode("ObjectNotFoundException")
    }

    /// The ECS service's scalable target (`service/{cluster}/{service}`), or nil.
    public func ecsTarget(_ resourceID: String) async throws -> ScalableTarget? {
        try await describeScalableTargets(.init(ServiceNamespace: .ecs, ResourceIds: [resourceID],
                                                ScalableDimension: .ecsServiceDesiredCount))
            .ScalableTargets?.first { $0.ResourceId == resourceID }
    }

    /// The scaling policies of an ECS service's target.
    public func ecsPolicies(_ resourceID: String) async throws -> [ScalingPolicy] {
        try await describeScalingPolicies(.init(ServiceNamespace: .ecs, ResourceId: resourceID,
                                                ScalableDimension: .ecsServiceDesiredCount)).ScalingPolicies ?? []
    }
}
