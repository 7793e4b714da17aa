import AWSCore
import AWSServices
import ArgumentParser

/// `slipway whoami`: the account and identity the credentials belong to, and where calls go.
struct WhoamiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Show the AWS account, caller ARN, region and endpoint Slipway would use.")

    @OptionGroup var options: GlobalOptions

    struct Identity: Encodable {
        let account: String
        let arn: String
        let userId: String
        let region: String
        let regionSource: String
        let endpoint: String
        let profile: String
    }

    func run() async throws {
        try await CommandRunner.run {
            let configuration = try options.awsConfiguration()
            let client = options.makeClient(configuration)
            let caller = try await STS(client: client).callerIdentity()
            let identity = Identity(
                account: caller.account, arn: caller.arn, userId: caller.userId,
                region: configuration.region, regionSource: configuration.regionSource,
                endpoint: client.endpoint(for: STS.service).baseURL, profile: configuration.profileName)
            switch options.output {
            case .json:
                try JSONOutput.print(identity)
            case .text:
                Terminal.write("""
                    account   \(identity.account)
                    arn       \(identity.arn)
                    region    \(identity.region) (from \(identity.regionSource))
                    endpoint  \(identity.endpoint)

                    """)
            }
        }
    }
}
