import AWSServices
import Deployer
import Foundation
import Testing

/// The verdicts on `DescribeServices` output, including those moto cannot produce (a FAILED
/// rollout, a circuit-breaker rollback, a replaced deployment).
@Suite("DeploymentCheck: how the watched deployment stands")
struct DeploymentCheckTests {
    static let now = Date(timeIntervalSince1970: 1_750_000_000)
    static let newRevision = "arn:aws:ecs:us-east-1:123456789012:task-definition/demo-prod-web:8"
    static let oldRevision = "arn:aws:ecs:us-east-1:123456789012:task-definition/demo-prod-web:7"
    static let token = ContinuationToken(deploymentID: "ecs-svc/111", taskDefinitionArn: newRevision,
                                         image: "repo@sha256:" + String(repeating: "c", count: 64), deadline: now.addingTimeInterval(600))

    static func service(_ deployments: [ECS.Deployment], status: String = "ACTIVE", events: [ECS.ServiceEvent] = []) -> ECS.Service {
        ECS.Service(serviceName: "demo-prod-web", status: status, deployments: deployments, events: events)
    }

    static func ours(_ state: ECS.DeploymentRolloutState?, status: ECS.DeploymentStatus = .primary, running: Int = 2, desired: Int = 2, reason: String? = nil) -> ECS.Deployment {
        ECS.Deployment(id: "ecs-svc/111", status: status.rawValue, taskDefinition: newRevision, desiredCount: desired, runningCount: running,
                       failedTasks: state == .failed ? 3 : 0, rolloutState: state, rolloutStateReason: reason)
    }

    static func previous(_ state: ECS.DeploymentRolloutState, status: ECS.DeploymentStatus) -> ECS.Deployment {
        ECS.Deployment(id: "ecs-svc/222", status: status.rawValue, taskDefinition: oldRevision, desiredCount: 2, runningCount: 2, rolloutState: state)
    }

    static func verdict(_ service: ECS.Service?, at now: Date = now) -> DeploymentVerdict {
        let missing = try! JSONDecoder().decode(ECS.Failure.self, from: Data(#"{"reason":"MISSING"}"#.utf8))
        return DeploymentCheck.verdict(service: service, failures: service == nil ? [missing] : [],
                                token: token, now: now, cluster: "demo", serviceName: "demo-prod-web")
    }

    @Test("COMPLETED: success with a summary")
    func completed() {
        let verdict = Self.verdict(Self.service([Self.ours(.completed)]))
        #expect(verdict == .completed(summary: "Deployed \(Self.token.image) as demo-prod-web:8: 2 of 2 tasks running (ECS deployment ecs-svc/111)."))
    }

    @Test("IN_PROGRESS before the deadline: continue, with the share of tasks running")
    func inProgress() {
        let verdict = Self.verdict(Self.service([Self.ours(.inProgress, running: 1, desired: 4), Self.previous(.completed, status: .active)]))
        #expect(verdict == .inProgress(summary: "Rolling out demo-prod-web:8: 1 of 4 tasks running (ECS deployment ecs-svc/111).", percentComplete: 25))
    }

    @Test("IN_PROGRESS at or past the deadline: failure")
    func timedOut() {
        guard case .failed(let reason) = Self.verdict(Self.service([Self.ours(.inProgress, running: 0)]), at: Self.token.deadline) else {
            Issue.record("not a failure"); return
        }
        #expect(reason.hasPrefix("ECS deployment ecs-svc/111 of demo-prod-web:8 did not complete by its deadline"))
        #expect(reason.contains("0 of 2 tasks running"))
    }

    @Test("FAILED by the circuit breaker, rolling back: failure with ECS's reason, never success")
    func rolledBack() {
        let event = ECS.ServiceEvent(id: "e", createdAt: Self.now, message: "(service demo-prod-web) (deployment ecs-svc/111) deployment failed: tasks failed to start.")
        let service = Self.service(
            [Self.previous(.inProgress, status: .primary), Self.ours(.failed, status: .active, running: 0, reason: "ECS deployment circuit breaker: tasks failed to start.")],
            events: [ECS.ServiceEvent(id: "older", createdAt: Self.now.addingTimeInterval(-60), message: "(service demo-prod-web) has started 2 tasks"), event])
        guard case .failed(let reason) = Self.verdict(service) else { Issue.record("not a failure"); return }
        #expect(reason == "ECS deployment ecs-svc/111 of demo-prod-web:8 failed: ECS deployment circuit breaker: tasks failed to start."
            + " ECS is rolling the service back to demo-prod-web:7 (deployment ecs-svc/222). 0 of 2 tasks running, 3 failed."
            + " Last ECS event: (service demo-prod-web) (deployment ecs-svc/111) deployment failed: tasks failed to start.")
    }

    @Test("FAILED even if something later says COMPLETED elsewhere: the rollback's completion is not ours")
    func rollbackCompleted() {
        // After the rollback finishes, only the old deployment is left: ours is gone.
        guard case .failed(let reason) = Self.verdict(Self.service([Self.previous(.completed, status: .primary)])) else {
            Issue.record("not a failure"); return
        }
        #expect(reason.contains("is no longer listed on service demo-prod-web: it was rolled back or replaced"))
        #expect(reason.contains("the service now deploys demo-prod-web:7 (deployment ecs-svc/222, COMPLETED)"))
    }

    @Test("replaced by a newer deployment before completing: failure")
    func replaced() {
        let newer = ECS.Deployment(id: "ecs-svc/333", status: "PRIMARY", taskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/demo-prod-web:9", rolloutState: .inProgress)
        guard case .failed(let reason) = Self.verdict(Self.service([newer, Self.ours(.inProgress, status: .active)])) else {
            Issue.record("not a failure"); return
        }
        #expect(reason.hasPrefix("ECS deployment ecs-svc/111 of demo-prod-web:8 was replaced by deployment ecs-svc/333 of demo-prod-web:9"))
    }

    @Test("the service deleted or missing: failure")
    func serviceGone() {
        guard case .failed(let missing) = Self.verdict(nil), case .failed(let draining) = Self.verdict(Self.service([Self.ours(.inProgress)], status: "DRAINING")) else {
            Issue.record("not failures"); return
        }
        #expect(missing.contains("no longer exists (MISSING)"))
        #expect(draining.contains("is DRAINING"))
    }

    @Test("continuation tokens: stay small, read back, and refuse what they did not write")
    func tokens() throws {
        let text = Self.token.text
        #expect(text.count < 400)
        #expect(try ContinuationToken(text: text) == Self.token)
        let huge = ContinuationToken(deploymentID: "ecs-svc/1", taskDefinitionArn: Self.newRevision, image: String(repeating: "x", count: 3000), deadline: Self.now)
        #expect(huge.text.unicodeScalars.count <= 2048)
        #expect(try ContinuationToken(text: huge.text).image == "")
        for bad in ["", "{}", #"{"v":2,"deployment":"d","taskDefinition":"t","deadline":1}"#, "ecs-svc/123"] {
            #expect(throws: ContinuationTokenError.self) { try ContinuationToken(text: bad) }
        }
    }

    @Test("job results become requests AWS accepts")
    func requests() {
        let long = String(repeating: "é", count: 6000)
        let failure = JobResult.failed(type: .jobFailed, message: long).failureRequest(jobID: "j")
        #expect(failure?.failureDetails.message.unicodeScalars.count == 5000)
        #expect(JobResult.failed(type: .configurationError, message: "").failureRequest(jobID: "j")?.failureDetails.message.isEmpty == false)
        let success = JobResult.continuing(token: Self.token, summary: long, percentComplete: 140).successRequest(jobID: "j")
        #expect(success?.continuationToken == Self.token.text)
        #expect(success?.executionDetails?.percentComplete == 99)
        #expect((success?.executionDetails?.summary?.unicodeScalars.count ?? 0) <= 2048)
        #expect(JobResult.succeeded(summary: "ok", deploymentID: "d", outputVariables: [:]).successRequest(jobID: "j")?.continuationToken == nil)
    }
}
