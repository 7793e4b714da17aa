import ArgumentParser
import AWSCore
import Foundation
import SlipwayEngine

/// `slipway rollback SERVICE --env ENV`: points the ECS service back to an earlier task
/// definition revision, after showing what changes and asking.
struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Point a service back to its previous task definition revision (or --to REVISION) and wait for ECS.",
        discussion: """
            Shows what changes (the revision, and the image, size, variables or secret names that differ), \
            asks, updates the ECS service, and waits until ECS reports the rollout COMPLETED or FAILED. \
            The next release deploys a new image on top of the newest revision, as usual. stdout gets \
            the change and one closing line "SERVICE TASK-DEFINITION ROLLOUT-STATE" (or JSON). The app's \
            lock is held while the service is updated (--lock-timeout).

            \(ExitCodes.help)
            """)

    @OptionGroup var options: GlobalOptions

    @OptionGroup var service: ServiceAndEnvironment

    @OptionGroup var lockOptions: LockOptions

    @Option(help: "The task definition revision to go back to (default: the newest one older than the running one).")
    var to: Int?

    @Flag(help: "Roll back without asking (required when standard input is not a terminal).")
    var autoApprove = false

    @Flag(help: "Do not wait for the rollout.")
    var noWait = false

    @Option(help: "Minutes to wait for the rollout before giving up (ECS goes on).")
    var timeout: Double = 30

    struct Output: Encodable {
        let plan: RollbackPlan
        let result: RolloutResult?
    }

    func run() async throws {
        var exitCode: Int32 = ExitCodes.success
        try await CommandRunner.run {
            let (session, target) = try await AppSession.open(options, service: service)
            let waiter = WaitSettings.waiter(default: .seconds(5), timeout: .seconds(Int64(timeout * 60)), variables: options.variables)
            let rollback = Rollback(client: session.client, service: target, cluster: session.file.cluster.name.value, waiter: waiter)
            let errStyle = Style(color: Terminal.colorEnabled(noColorFlag: options.noColor, variables: options.variables, forStderr: true))
            let outStyle = Style(color: Terminal.colorEnabled(noColorFlag: options.noColor, variables: options.variables))
            Terminal.writeError("Reading \(target.names.ecsService) in cluster \(session.file.cluster.name.value)…\n")
            let plan = try await rollback.plan(to: to)
            if plan.isNoChange {
                Terminal.writeError("\(plan.service) already runs \(plan.targetName); nothing to do.\n")
                try finish(plan, nil)
                return
            }
            if options.output == .text { Terminal.write(render(plan, outStyle)) }
            try Confirmation.require("\nRoll \(plan.service) back to \(plan.targetName) in account \(session.account)?", autoApprove: autoApprove)

            var updated: String?
            try await LockSession.around(session, command: "rollback", lockOptions: lockOptions, options: options) { _ in
                updated = try await rollback.apply(plan)
            }
            guard let deployment = updated else { return }
            Terminal.writeError("Updated \(plan.service) to \(plan.targetName)\(deployment.isEmpty ? "" : " (ECS deployment \(deployment))").\n")
            guard !noWait else {
                try finish(plan, nil)
                return
            }
            let started = Date()
            let result = try await rollback.waitForRollout(plan, deploymentId: deployment) { progress in
                Terminal.writeError("  \(errStyle.mark(progress.rolloutState)) \(errStyle.status(progress.rolloutState))  "
                    + "\(progress.runningCount)/\(progress.desiredCount) running\(progress.reason.map { errStyle.dim("  \($0)") } ?? "")\n")
            }
            let elapsed = TimeText.duration(Date().timeIntervalSince(started))
            switch result.rolloutState {
            case .completed:
                Terminal.writeError(errStyle.green("Rolled back: \(plan.service) runs \(plan.targetName) (\(elapsed)).") + "\n")
            case .failed:
                Terminal.writeError(errStyle.red("The rollout of \(plan.targetName) failed after \(elapsed)\(result.reason.map { ": \($0)" } ?? ".")") + "\n")
                exitCode = ExitCodes.runFailed
            default:
                Terminal.writeError(errStyle.yellow("Stopped waiting after \(elapsed): the rollout is still \(result.rolloutState.rawValue); ECS goes on.") + "\n")
                exitCode = ExitCodes.timedOut
            }
            try finish(plan, result)
        }
        if exitCode != ExitCodes.success { throw ExitCode(exitCode) }
    }

    private func finish(_ plan: RollbackPlan, _ result: RolloutResult?) throws {
        switch options.output {
        case .json: try JSONOutput.print(Output(plan: plan, result: result))
        case .text: Terminal.write("\(plan.service) \(plan.targetName) \(result?.rolloutState.rawValue ?? (plan.isNoChange ? "UNCHANGED" : "IN_PROGRESS"))\n")
        }
    }

    private func render(_ plan: RollbackPlan, _ style: Style) -> String {
        let text = "\(style.yellow("~")) ecs-service \(plan.service)\n" + PlanRenderer(color: style.color).changedFields(plan.changes)
        return text + "\nRollback: \(plan.service) goes from \(plan.currentName) to \(plan.targetName).\n"
    }
}
