import Logging

/// Resolves profile, region, credentials, endpoints and retries as the AWS CLI does, and builds the client.
public struct AWSConfiguration: Sendable {
    public let profileName: String
    public let profile: AWSProfile?
    public let region: String
    /// Where the region came from, for `whoami` and error messages.
    public let regionSource: String
    public let variables: [String: String]
    public let sharedConfig: SharedConfig
    /// True when the profile was chosen with `--profile`. As in the AWS CLI, that (and only that,
    /// not `AWS_PROFILE`) makes the credential chain ignore the key and web identity variables.
    public let isProfileExplicit: Bool

    /// - Parameters:
    ///   - profile: `--profile`, which wins over `AWS_PROFILE`.
    ///   - region: `--region`, which wins over everything else.
    public init(profile explicitProfile: String? = nil, region explicitRegion: String? = nil,
                variables: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.variables = variables
        sharedConfig = SharedConfig(variables: variables)
        isProfileExplicit = explicitProfile != nil
        let chosenProfile = [explicitProfile, variables["AWS_PROFILE"], variables["AWS_DEFAULT_PROFILE"]]
            .compactMap { $0 }.first { !$0.isEmpty }
        profileName = chosenProfile ?? "default"
        profile = sharedConfig.profile(named: profileName)
        // A profile named anywhere must exist; only the implicit `default` may be missing.
        if profile == nil, chosenProfile != nil {
            throw AWSClientError.configuration("the profile '\(profileName)' is not in \(sharedConfig.configPath) or \(sharedConfig.credentialsPath)")
        }
        let candidates: [(String?, String)] = [
            (explicitRegion, "--region"),
            (variables["AWS_REGION"], "AWS_REGION"),
            (variables["AWS_DEFAULT_REGION"], "AWS_DEFAULT_REGION"),
            (profile?["region"], "profile \(profileName)"),
        ]
        guard let (value, source) = candidates.first(where: { !($0.0 ?? "").isEmpty }), let value else {
            throw AWSClientError.configuration("no AWS region: pass --region, set AWS_REGION, or set region in the profile '\(profileName)'")
        }
        guard Self.isRegionName(value) else {
            throw AWSClientError.configuration("'\(value)' (from \(source)) is not an AWS region name such as us-east-1")
        }
        region = value
        regionSource = source
    }

    public var endpointResolver: EndpointResolver {
        EndpointResolver(variables: variables, profile: profile)
    }

    /// Builds a client with the CLI's credential chain.
    public func makeClient(
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        timeouts: HTTPTimeouts = HTTPTimeouts(),
        logger: Logger = Logger(label: "slipway.aws"),
        observer: (@Sendable (AWSCallRecord) -> Void)? = nil
    ) -> AWSClient {
        let retry = RetryPolicy.standard(variables: variables, profile: profile)
        return AWSClient(region: region, credentialProvider: credentialProvider(transport: transport, logger: logger, observer: observer),
                         endpointResolver: endpointResolver, transport: transport, retryPolicy: retry, timeout: timeouts.attempt,
                         logger: logger, observer: observer)
    }

    /// The CLI's credential chain for this configuration, cached. The sources that call AWS
    /// themselves (STS) and the container and instance metadata sources use `transport`.
    public func credentialProvider(
        transport: any HTTPTransport = AsyncHTTPClientTransport(),
        logger: Logger = Logger(label: "slipway.aws"),
        observer: (@Sendable (AWSCallRecord) -> Void)? = nil
    ) -> CachedCredentialProvider {
        let retry = RetryPolicy.standard(variables: variables, profile: profile)
        // Sources that call STS start from an unsigned client and give it their source's credentials.
        let sts = AWSClient(region: region, credentialProvider: AnonymousCredentialProvider(), endpointResolver: endpointResolver,
                            transport: transport, retryPolicy: retry, logger: logger, observer: observer)
        return CachedCredentialProvider(CredentialChainBuilder(configuration: self, stsClient: sts, transport: transport).chain())
    }

    static func isRegionName(_ value: String) -> Bool {
        !value.isEmpty && value.count <= 32 && value.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
            && value.first?.isLetter == true
    }
}
