import ArgumentParser
import SlipwayEngine

/// `slipway apply`: shows the plan, asks, and makes AWS match slipway.yml.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Show the plan, ask, and make AWS match slipway.yml.")

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Apply without asking (required when standard input is not a terminal).")
    var autoApprove = false

    @Option(help: "How many AWS changes run at once (reads: twice as many, at least 64).")
    var parallelism = Applier.defaultParallelism

    func run() async throws {
        try await CommandRunner.run {
            let session = try await AppSession.open(options)
            let desired = try session.desiredState(variables: options.variables)
            let context = session.engineContext(variables: options.variables)
            Terminal.writeError("Reading the live state of \(session.file.app.value) in \(session.account)/\(session.client.region)…\n")
            async let warnings = Preflight(context: context, file: session.file).warnings()
            let plan = try await Planner(context: context, parallelism: Planner.readWidth(writes: parallelism)).plan(desired.resources())
            try PlanOutput.print(plan, addresses: desired.webAddresses, warnings: await warnings, options: options)
            guard plan.hasChanges else { return }
            try Confirmation.require("\nApply these changes to account \(session.account)?", autoApprove: autoApprove)

            try await ApplySummary.execute(plan, context: context, parallelism: parallelism, options: options, verb: "Apply")
        }
    }
}
