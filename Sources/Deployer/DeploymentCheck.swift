import AWSCore
import AWSDeployServices

/// What one look at the service says about the deployment the deployer started.
public enum DeploymentVerdict: Sendable, Equatable {
    /// ECS finished rolling it out.
    case completed(summary: String)
    /// Still rolling out, before the deadline: look again later.
    case inProgress(summary: String, percentComplete: Int)
    /// Failed, rolled back, replaced, gone, or out of time.
    case failed(reason: String)
}

/// Decides, from `DescribeServices`, how the deployment in a continuation token stands.
/// A pure function of the service's state and the time, so that every verdict (including the
/// circuit breaker's rollback, which the emulator cannot produce) is tested directly.
public enum DeploymentCheck {
    public static func verdict(
        service: ECS.Service?, failures: [ECS.Failure] = [], token: ContinuationToken, now: Date,
        cluster: String, serviceName: String
    ) -> DeploymentVerdict {
        let revision = revisionName(token.taskDefinitionArn)
        guard let service else {
            let reason = failures.first?.reason.map { " (\($0))" } ?? ""
            return .failed(reason: "The ECS service \(serviceName) in cluster \(cluster) no longer exists\(reason), so deployment \(token.deploymentID) of \(revision) cannot complete.")
        }
        if let status = service.status, status != "ACTIVE" {
            return .failed(reason: "The ECS service \(serviceName) is \(status) (being deleted), so deployment \(token.deploymentID) of \(revision) cannot complete.")
        }
        let deployments = service.deployments ?? []
        let primary = service.primaryDeployment
        guard let deployment = deployments.first(where: { $0.id == token.deploymentID }) else {
            var reason = "ECS deployment \(token.deploymentID) of \(revision) is no longer listed on service \(serviceName): it was rolled back or replaced"
            if let primary {
                reason += "; the service now deploys \(revisionName(primary.taskDefinition ?? "?")) (deployment \(primary.id ?? "?"), \(primary.rolloutState?.rawValue ?? "state unknown"))"
            }
            return .failed(reason: reason + "." + eventNote(service, token))
        }
        let counts = "\(deployment.runningCount ?? 0) of \(deployment.desiredCount ?? 0) tasks running"
        switch deployment.rolloutState {
        case .failed?:
            var reason = "ECS deployment \(token.deploymentID) of \(revision) failed"
            if let why = deployment.rolloutStateReason, !why.isEmpty { reason += ": \(why)" }
            if let primary, primary.id != deployment.id {
                reason += (reason.hasSuffix(".") ? "" : ".") + " ECS is rolling the service back to \(revisionName(primary.taskDefinition ?? "?")) (deployment \(primary.id ?? "?"))"
            }
            reason += (reason.hasSuffix(".") ? "" : ".") + " \(counts.prefix(1).uppercased() + counts.dropFirst()), \(deployment.failedTasks ?? 0) failed."
            return .failed(reason: reason + eventNote(service, token))
        case .completed?:
            var summary = "Deployed \(token.image.isEmpty ? revision : token.image) as \(revision): \(counts) (ECS deployment \(token.deploymentID))."
            if deployment.deploymentStatus != .primary, let primary {
                summary += " Since replaced by deployment \(primary.id ?? "?") of \(revisionName(primary.taskDefinition ?? "?"))."
            }
            return .completed(summary: summary)
        default:
            if deployment.deploymentStatus != .primary, let primary {
                return .failed(reason: "ECS deployment \(token.deploymentID) of \(revision) was replaced by deployment \(primary.id ?? "?") of \(revisionName(primary.taskDefinition ?? "?")) before it completed." + eventNote(service, token))
            }
            if now >= token.deadline {
                return .failed(reason: "ECS deployment \(token.deploymentID) of \(revision) did not complete by its deadline (\(token.deadline.formatted(.iso8601))): \(counts), \(deployment.failedTasks ?? 0) failed, rollout \(deployment.rolloutState?.rawValue ?? "state unknown"). ECS goes on with it; its circuit breaker rolls it back if its tasks keep failing. Raise timeoutMinutes in slipway.yml if the service needs longer to start." + eventNote(service, token))
            }
            let desired = max(deployment.desiredCount ?? 0, 1)
            let percent = min(99, max(0, (deployment.runningCount ?? 0) * 100 / desired))
            return .inProgress(summary: "Rolling out \(revision): \(counts) (ECS deployment \(token.deploymentID)).", percentComplete: percent)
        }
    }

    /// `family:revision` from a task definition ARN (the ARN itself when it has no `/`).
    public static func revisionName(_ arn: String) -> String {
        arn.split(separator: "/").last.map(String.init) ?? arn
    }

    /// The newest service event about this deployment, which says why ECS failed or rolled it back.
    static func eventNote(_ service: ECS.Service, _ token: ContinuationToken) -> String {
        let events = (service.events ?? []).filter { $0.message?.contains(token.deploymentID) == true }
        guard let newest = events.max(by: { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) }), let message = newest.message else {
            return ""
        }
        return " Last ECS event: \(message)"
    }
}
