import AWSCore
import ArgumentParser

/// How a command prints what it reports.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// The options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: [.customShort("f"), .long], help: "The application file.")
    var file: String = "slipway.yml"

    @Option(help: "The AWS profile to use (default: AWS_PROFILE, else 'default').")
    var profile: String?

    @Option(help: "The AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region).")
    var region: String?

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    @Flag(help: "No colour (also with NO_COLOR set).")
    var noColor = false

    @Flag(name: [.customShort("v"), .long], help: "Show every AWS call (operation, status, time) on stderr.")
    var verbose = false

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    func awsConfiguration(region fileRegion: String? = nil) throws -> AWSConfiguration {
        try AWSConfiguration(profile: profile, region: region ?? fileRegion, environment: environment)
    }

    func makeClient(_ configuration: AWSConfiguration) -> AWSClient {
        configuration.makeClient(logger: Diagnostics.logger(verbose: verbose), observer: nil)
    }
}
