import ArgumentParser
import SlipwayEngine

/// `slipway apply`: shows the plan, asks, and makes AWS match slipway.yml.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Show the plan, ask, and make AWS match slipway.yml.",
        discussion: "Holds the app's lock from the plan to the end, so that two applies never interleave (see --lock-timeout, slipway unlock).")

    @OptionGroup var options: GlobalOptions

    @OptionGroup var lockOptions: LockOptions

    @Flag(help: "Apply without asking (required when standard input is not a terminal).")
    var autoApprove = false

    @Option(help: "How many AWS changes run at once (reads: twice as many, at least 64).")
    var parallelism = Applier.defaultParallelism

    func run() async throws {
        try await CommandRunner.run {
            let session = try await AppSession.open(options)
            let desired = try session.desiredState(variables: options.variables)
            let context = session.engineContext(variables: options.variables)
            let planner = Planner(context: context, parallelism: Planner.readWidth(writes: parallelism))
            try await LockSession.around(session, command: "apply", lockOptions: lockOptions, options: options) { lock in
                Terminal.writeError("Reading the live state of \(session.file.app.value) in \(session.account)/\(session.client.region)…\n")
                async let warnings = Preflight(context: context, file: session.file).warnings()
                let plan = try await planner.plan(desired.resources())
                try PlanOutput.print(plan, addresses: desired.webAddresses, warnings: await warnings, options: options)
                guard plan.hasChanges else { return }
                try Confirmation.require("\nApply these changes to account \(session.account)?", autoApprove: autoApprove)
                guard await lock.needsBucketFirst else {
                    return try await ApplySummary.execute(plan, context: context, parallelism: parallelism, options: options, verb: "Apply", lock: lock)
                }
                try await firstApply(plan, desired: desired, planner: planner, context: context, lock: lock)
            }
        }
    }

    /// An app without its artifact bucket has nowhere to hold the lock: the bucket comes first
    /// (its settings with the rest of the plan), then the lock, then the plan. A run that had to
    /// wait for the lock (two first applies at once) reads AWS again, and shows and asks again if
    /// what it would do changed.
    private func firstApply(_ plan: Plan, desired: DesiredState, planner: Planner, context: EngineContext, lock: LockSession) async throws {
        Terminal.writeError("Creating the artifact bucket \(desired.bucket) first, to hold the app's lock.\n")
        try await desired.createArtifactBucket(context)
        var plan = plan
        if try await lock.takeNow() {
            let again = try await planner.plan(desired.resources())
            let renderer = PlanRenderer(color: false)
            if renderer.render(again) != renderer.render(plan) {
                Terminal.writeError("\nAWS changed while this apply waited for the lock; the plan is now:\n")
                try PlanOutput.print(again, addresses: desired.webAddresses, options: options)
                guard again.hasChanges else { return }
                try Confirmation.require("\nApply these changes to account \(context.account)?", autoApprove: autoApprove)
            }
            plan = again
        }
        try await ApplySummary.execute(plan, context: context, parallelism: parallelism, options: options, verb: "Apply", lock: lock)
    }
}
