import ArgumentParser
import SlipwayEngine

/// `slipway destroy`: removes what Slipway created for the app (or one environment).
struct DestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Remove everything Slipway created for the app, or for one --env, in reverse order.",
        discussion: "Resources without this app's slipway: tags are never touched. Holds the app's lock throughout; "
            + "the artifact bucket, and the lock with it, goes last.")

    @OptionGroup var options: GlobalOptions

    @OptionGroup var lockOptions: LockOptions

    @Option(help: "Only this environment (what environments share stays).")
    var env: String?

    @Flag(help: "Destroy without asking (required when standard input is not a terminal).")
    var autoApprove = false

    @Option(help: "How many AWS changes run at once (reads: twice as many, at least 64).")
    var parallelism = Applier.defaultParallelism

    func run() async throws {
        try await CommandRunner.run {
            let session = try await AppSession.open(options)
            try session.file.checkEnvironment(env)
            let context = session.engineContext(variables: options.variables)
            let desired = session.desiredStateWithoutPackage()
            try await LockSession.around(session, command: "destroy", lockOptions: lockOptions, options: options) { lock in
                let (plan, untagged) = try await Planner(context: context, parallelism: Planner.readWidth(writes: parallelism))
                    .destroyPlan(desired.resources(environment: env))
                for address in untagged {
                    Terminal.writeError("Leaving \(address): it exists but does not carry this app's slipway: tags.\n")
                }
                try PlanOutput.print(plan, options: options)
                guard plan.hasChanges else { return }
                try Confirmation.require("\nDestroy these resources in account \(session.account)? This cannot be undone.", autoApprove: autoApprove)

                // The lock lives in the bucket: everything else first, then the bucket with the lock in it.
                let bucket: Set = [desired.bucketAddress]
                let rest = await ApplySummary.run(plan.excluding(bucket), context: context, parallelism: parallelism, options: options, lock: lock)
                guard rest.succeeded else {
                    return try await ApplySummary.report(rest.followed(by: .notRun(plan.only(bucket))), verb: "Destroy", lock: lock)
                }
                if plan.only(bucket).hasChanges { await lock.relinquish() }
                let last = await ApplySummary.run(plan.only(bucket), context: context, parallelism: parallelism, options: options, lock: lock)
                try await ApplySummary.report(rest.followed(by: last), verb: "Destroy", lock: lock)
            }
        }
    }
}
