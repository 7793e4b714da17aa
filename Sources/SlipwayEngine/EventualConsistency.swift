import AWSCore
import AWSServices

/// Retries a call that AWS refuses because a role made moments ago cannot be assumed yet
/// (IAM is eventually consistent), for a bounded time.
public struct EventualConsistency: Sendable {
    public var timeout: Duration
    public var interval: Duration
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(timeout: Duration = .seconds(60), interval: Duration = .seconds(3),
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.timeout = timeout
        self.interval = interval
        self.sleep = sleep
    }

    public func retryingRoleErrors<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        var waited = Duration.zero
        while true {
            do {
                return try await body()
            } catch let error as AWSError where Self.isRoleNotYetAssumable(error) && waited < timeout {
                try await sleep(interval)
                waited += interval
            }
        }
    }

    /// The errors docs/DESIGN.md lists: CodeBuild, CodePipeline and Lambda refusing a fresh role.
    static func isRoleNotYetAssumable(_ error: AWSError) -> Bool {
        let message = error.message.lowercased()
        switch error.errorCode {
        case CodeBuild.ErrorCode.invalidInput:
            return message.contains("not authorized to perform: sts:assumerole")
        case CodePipeline.ErrorCode.invalidStructure:
            return message.contains("assumerole")
        case Lambda.ErrorCode.invalidParameterValue:
            return message.contains("cannot be assumed") || message.contains("role defined for the function")
        default:
            return false
        }
    }
}
