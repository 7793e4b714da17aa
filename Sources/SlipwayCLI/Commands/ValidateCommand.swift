import ArgumentParser
import SlipwayConfig

/// `slipway validate`: checks slipway.yml offline.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check slipway.yml offline: every problem with its line and column.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try await CommandRunner.run {
            let file = try AppSession.loadFile(options)
            let services = file.services.count
            let environments = file.environments.count
            switch options.output {
            case .json:
                try JSONOutput.print(["valid": "true", "app": file.app.value, "services": String(services), "environments": String(environments)])
            case .text:
                Terminal.write("\(options.file) is valid: app \(file.app.value), \(services) service\(services == 1 ? "" : "s") in \(environments) environment\(environments == 1 ? "" : "s").\n")
            }
        }
    }
}
