import ArgumentParser
import SlipwayConfig
import SlipwayEngine

/// `slipway validate`: checks slipway.yml offline; with `--account`, also what the account will refuse.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check slipway.yml offline: every problem with its line and column.",
        discussion: "With --account, also reads the account (with the credentials in use) and warns, as plan does, where the file cannot work there: task subnets with no way to ECR, load balancer subnets without an internet gateway, a GitHub connection that is not AVAILABLE.")

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Also check the account the file deploys to (needs credentials), as plan does.")
    var account = false

    func run() async throws {
        try await CommandRunner.run {
            let file = try AppSession.loadFile(options)
            if account {
                let session = try await AppSession.open(options, file: file)
                let warnings = await Preflight(context: session.engineContext(), file: file).warnings()
                PlanOutput.printWarnings(warnings, options: options)
            }
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
