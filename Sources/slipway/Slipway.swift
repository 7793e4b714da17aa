import ArgumentParser

@main
struct Slipway: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slipway",
        abstract: "Continuous deployment of dockerized web services on AWS, from one slipway.yml.",
        discussion: ExitCodes.help,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, ValidateCommand.self, PlanCommand.self, ApplyCommand.self, DestroyCommand.self,
            StatusCommand.self, ReleaseCommand.self, LogsCommand.self, RollbackCommand.self,
            DeployerPolicyCommand.self, WhoamiCommand.self, CompletionsCommand.self,
        ]
    )
}
