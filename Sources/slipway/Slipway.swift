import ArgumentParser

@main
struct Slipway: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slipway",
        abstract: "Continuous deployment of dockerized web services on AWS, from one slipway.yml.",
        discussion: ExitCodes.help,
        version: "0.1.0",
        subcommands: [ValidateCommand.self, PlanCommand.self, ApplyCommand.self, DestroyCommand.self, WhoamiCommand.self]
    )
}
