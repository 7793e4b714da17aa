import AWSCore
import AWSServices
import SlipwayConfig
import SlipwayEngine

/// A loaded `slipway.yml` with a client for its account and region: what plan, apply and
/// destroy share. Loading validates the file before any request goes to AWS.
struct AppSession {
    let file: SlipwayFile
    let client: AWSClient
    let account: String
    let callerARN: String

    static func open(_ options: GlobalOptions) async throws -> AppSession {
        try await open(options, file: try loadFile(options))
    }

    static func loadFile(_ options: GlobalOptions) throws -> SlipwayFile {
        try ConfigLoader.load(path: options.file, variables: options.variables)
    }

    /// The session of a command that acts on one service (`SERVICE --env ENV`): a service or
    /// environment the file lacks is an error before any request.
    static func open(_ options: GlobalOptions, service: ServiceAndEnvironment) async throws -> (AppSession, ResolvedService) {
        let file = try loadFile(options)
        let target = try file.resolve(service: service.name, environment: service.environment)
        return (try await open(options, file: file), target)
    }

    /// A session for `file`, loaded once by the command (so that it can check its arguments
    /// against the file before any request).
    static func open(_ options: GlobalOptions, file: SlipwayFile) async throws -> AppSession {
        let configuration = try options.awsConfiguration(region: file.region?.value)
        let client = options.makeClient(configuration)
        let identity = try await STS(client: client).callerIdentity()
        if let expected = file.account?.value, expected != identity.account {
            throw EngineError.wrongAccount(expected: expected, actual: identity.account, arn: identity.arn)
        }
        return AppSession(file: file, client: client, account: identity.account, callerARN: identity.arn)
    }

    /// What apply waits on for minutes (a certificate's validation, a security group let go)
    /// looks every 5 seconds, or as often as `SLIPWAY_POLL_INTERVAL` says.
    func engineContext(consistency: EventualConsistency = EventualConsistency(), variables: [String: String] = [:]) -> EngineContext {
        EngineContext(client: client, app: file.app.value, account: account, consistency: consistency,
                      settling: WaitSettings.waiter(default: .seconds(5), timeout: .seconds(900), variables: variables),
                      notice: { Terminal.writeError("    \($0)\n") })
    }

    func desiredState(variables: [String: String]) throws -> DesiredState {
        let package = try DeployerPackage.locate(variables: variables, executablePath: Self.executablePath)
        return DesiredState(file: file, account: account, region: client.region, deployerPackage: package)
    }

    /// The desired state when the deployer package is not needed (destroy).
    func desiredStateWithoutPackage() -> DesiredState {
        DesiredState(file: file, account: account, region: client.region, deployerPackage: DeployerPackage(zip: []))
    }

    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
