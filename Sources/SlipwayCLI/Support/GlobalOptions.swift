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

    @Option(name: .customLong("cli-connect-timeout"), help: ArgumentHelp(
        "Seconds to wait for a connection to AWS (0: no limit).", valueName: "seconds"))
    var connectTimeout: Double = 5

    @Option(name: .customLong("cli-read-timeout"), help: ArgumentHelp(
        "Seconds to wait for AWS's reply once connected (0: no limit).", valueName: "seconds"))
    var readTimeout: Double = 60

    func validate() throws {
        for (flag, value) in [("--cli-connect-timeout", connectTimeout), ("--cli-read-timeout", readTimeout)] where !(value == 0 || (value >= 0.001 && value <= 86_400)) {
            throw ValidationError("\(flag) must be a number of seconds from 0.001 to 86400, or 0 for no limit, not \(value)")
        }
    }

    var timeouts: HTTPTimeouts {
        // As in the AWS CLI, 0 means no limit: a day stands for it.
        func duration(_ seconds: Double) -> Duration { .milliseconds(Int64((seconds == 0 ? 86_400 : seconds) * 1000)) }
        return HTTPTimeouts(connect: duration(connectTimeout), read: duration(readTimeout))
    }

    /// The process's variables (AWS_*, NO_COLOR, ${env:…} in slipway.yml).
    var variables: [String: String] { ProcessInfo.processInfo.environment }

    func awsConfiguration(region fileRegion: String? = nil) throws -> AWSConfiguration {
        try AWSConfiguration(profile: profile, region: region ?? fileRegion, variables: variables)
    }

    func makeClient(_ configuration: AWSConfiguration) -> AWSClient {
        configuration.makeClient(transport: AsyncHTTPClientTransport(timeouts: timeouts), timeouts: timeouts,
                                logger: Diagnostics.logger(verbose: verbose), observer: nil)
    }
}
