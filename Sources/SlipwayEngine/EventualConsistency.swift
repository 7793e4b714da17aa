import AWSCore
import AWSServices

/// Retries a call that AWS refuses because a role made moments ago cannot be assumed yet
/// (IAM is eventually consistent), for a bounded time.
public struct EventualConsistency: Sendable {
    public var waiter: Waiter

    /// Two minutes: Terraform's IAM propagation bound for the same calls.
    public init(waiter: Waiter = Waiter(interval: .seconds(3), timeout: .seconds(120))) {
        self.waiter = waiter
    }

    public func retryingRoleErrors<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await waiter.retrying(while: { ($0 as? AWSError).map(Self.isRoleNotYetAssumable) ?? false }, body)
    }

    /// The errors docs/DESIGN.md lists: CodeBuild, CodePipeline and Lambda refusing a fresh role.
    static func isRoleNotYetAssumable(_ error: AWSError) -> Bool {
        let message = error.message.lowercased()
        switch error.errorCode {
        case CodeBuild.ErrorCode.invalidInput:
            // "is not authorized to perform: sts:AssumeRole", and "Not authorized to perform DescribeSecurityGroups".
            return message.contains("ot authorized to perform")
        case CodePipeline.ErrorCode.invalidStructure:
            return message.contains("assumerole") || message.contains("not authorized")
        case Lambda.ErrorCode.invalidParameterValue:
            return message.contains("cannot be assumed") || message.contains("role defined for the function")
                || message.contains("provided execution role does not have permissions")
        default:
            return false
        }
    }
}
