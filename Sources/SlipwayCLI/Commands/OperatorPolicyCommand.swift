import AWSCore
import AWSServices
import ArgumentParser
import SlipwayEngine

/// `slipway operator-policy`: the least-privilege IAM policy that a person or CI needs to run
/// every Slipway command for this slipway.yml.
struct OperatorPolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator-policy",
        abstract: "Print the least-privilege IAM policy a person or CI needs to run Slipway for this slipway.yml.",
        discussion: """
            The policy allows exactly what plan, apply, destroy, status, release, logs and rollback call, \
            on this app's own resources by name (roles, bucket, repositories, log groups, cluster, \
            services, build projects, pipelines, deployer function, GitHub connection); "*" only for the \
            few actions AWS authorizes on no resource. Roles can be passed only to the service each is for. \
            Run it again after adding a service or an environment.

            The account comes from --account, else account: in slipway.yml, else the credentials (one \
            sts:GetCallerIdentity call); the region as for every command. Attach the output, for example \
            with aws iam create-policy --policy-document file://policy.json.

            Also available as deployer-policy, its earlier name (the deployer is the Lambda).

            \(ExitCodes.help)
            """,
        aliases: ["deployer-policy"])

    @OptionGroup var options: GlobalOptions

    @Option(help: "The 12-digit AWS account (default: account: in slipway.yml, else the credentials' account).")
    var account: String?

    @Flag(help: "Name each kind of resource by the app's prefix ({app}-*) rather than one by one: a shorter policy, for when the exact one is over IAM's 6,144 characters.")
    var compact = false

    /// IAM's limit for a customer managed policy, whitespace not counted.
    static let managedPolicyLimit = 6144

    func validate() throws {
        if let account, !(account.count == 12 && account.allSatisfy(\.isNumber)) {
            throw ValidationError("--account '\(account)' is not a 12-digit AWS account ID")
        }
    }

    func run() async throws {
        try await CommandRunner.run {
            let file = try AppSession.loadFile(options)
            let configuration = try options.awsConfiguration(region: file.region?.value)
            var accountID = account ?? file.account?.value
            if accountID == nil {
                let client = options.makeClient(configuration)
                do {
                    accountID = try await STS(client: client).getCallerIdentity().Account
                } catch {
                    throw CommandError.accountUnknown(reason: CommandRunner.describe(error), file: options.file)
                }
            }
            let desired = DesiredState(file: file, account: accountID ?? "", region: configuration.region, deployerPackage: DeployerPackage(zip: []))
            let policy = OperatorPolicy.document(for: desired, compact: compact)
            try JSONOutput.print(policy)
            let size = policy.jsonText.filter { !$0.isWhitespace }.count
            Terminal.writeError("Least-privilege policy for Slipway on \(file.app.value) in \(accountID ?? "")/\(configuration.region): "
                + "\(policy.statements.count) statements, \(size) characters.\n")
            if size > Self.managedPolicyLimit {
                Terminal.writeError("slipway: warning: IAM allows at most \(Self.managedPolicyLimit) characters in a managed policy; "
                    + (compact ? "split the statements over two policies attached to the same user or role.\n"
                        : "use --compact (each kind of resource named by the app's prefix), or split the statements over two policies.\n"))
            }
        }
    }
}
