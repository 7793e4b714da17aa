import ArgumentParser
import SlipwayEngine

/// `slipway plan`: what apply would change.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Read AWS and show what apply would change.",
        discussion: "With --detailed-exitcode: 0 no changes, 2 changes, 1 error.")

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Exit 2 when the plan has changes, 0 when it has none.")
    var detailedExitcode = false

    @Option(help: "How many AWS changes run at once (reads: twice as many, at least 64).")
    var parallelism = Applier.defaultParallelism

    func run() async throws {
        var hasChanges = false
        try await CommandRunner.run {
            let session = try await AppSession.open(options)
            let desired = try session.desiredState(variables: options.variables)
            Terminal.writeError("Reading the live state of \(session.file.app.value) in \(session.account)/\(session.client.region)…\n")
            let context = session.engineContext()
            async let warnings = Preflight(context: context, file: session.file).warnings()
            async let lockWarning = AppLock.inProgressWarning(client: session.client, bucket: desired.bucket)
            let plan = try await Planner(context: context, parallelism: Planner.readWidth(writes: parallelism)).plan(desired.resources())
            hasChanges = plan.hasChanges
            let found = await [lockWarning].compactMap { $0 } + warnings
            try PlanOutput.print(plan, addresses: desired.webAddresses, warnings: found, options: options)
        }
        if detailedExitcode && hasChanges { throw ExitCode(ExitCodes.changesPresent) }
    }
}
