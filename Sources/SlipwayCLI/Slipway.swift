import ArgumentParser
import Foundation

/// The `slipway` command: its subcommands, and `--version`.
public struct Slipway: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "slipway",
        abstract: "Continuous deployment of dockerized web services on AWS, from one slipway.yml.",
        discussion: ExitCodes.help,
        subcommands: [
            InitCommand.self, ValidateCommand.self, PlanCommand.self, ApplyCommand.self, DestroyCommand.self,
            StatusCommand.self, ReleaseCommand.self, LogsCommand.self, RollbackCommand.self, RunCommand.self,
            UnlockCommand.self, OperatorPolicyCommand.self, WhoamiCommand.self, CompletionsCommand.self,
        ]
    )

    @Flag(help: "Show the version and the deployer package this slipway would upload.")
    var version = false

    public init() {}

    public func run() async throws {
        guard version else { throw CleanExit.helpRequest(self) }
        print(VersionText.render(variables: ProcessInfo.processInfo.environment, executablePath: AppSession.executablePath))
    }
}
