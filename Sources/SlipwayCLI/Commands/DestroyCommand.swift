import ArgumentParser
import SlipwayEngine

/// `slipway destroy`: removes what Slipway created for the app (or one environment).
struct DestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destroy",
        abstract: "Remove everything Slipway created for the app, or for one --env, in reverse order.",
        discussion: "Resources without this app's slipway: tags are never touched.")

    @OptionGroup var options: GlobalOptions

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
            let resources = session.desiredStateWithoutPackage().resources(environment: env)
            let (plan, untagged) = try await Planner(context: context, parallelism: Planner.readWidth(writes: parallelism)).destroyPlan(resources)
            for address in untagged {
                Terminal.writeError("Leaving \(address): it exists but does not carry this app's slipway: tags.\n")
            }
            try PlanOutput.print(plan, options: options)
            guard plan.hasChanges else { return }
            try Confirmation.require("\nDestroy these resources in account \(session.account)? This cannot be undone.", autoApprove: autoApprove)

            try await ApplySummary.execute(plan, context: context, parallelism: parallelism, options: options, verb: "Destroy")
        }
    }
}
