import AWSSigV4

/// A profile's `role_arn`, assumed with STS AssumeRole from the credentials of its
/// `source_profile` (itself possibly an assumed role, cycles refused) or of its
/// `credential_source` (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`), with
/// `role_session_name`, `external_id` and `duration_seconds`, as botocore's `AssumeRoleProvider`.
public struct AssumeRoleCredentialProvider: CredentialProvider {
    public var sourceName: String { "assume role (profile \(profileName))" }
    let profileName: String
    let builder: CredentialChainBuilder

    /// - Parameter stsClient: the client for STS; it is given the source credentials for each call.
    public init(profileName: String, configuration: AWSConfiguration, stsClient: AWSClient,
                transport: any HTTPTransport = AsyncHTTPClientTransport()) {
        self.init(profileName: profileName, builder: CredentialChainBuilder(configuration: configuration, stsClient: stsClient, transport: transport))
    }

    init(profileName: String, builder: CredentialChainBuilder) {
        self.profileName = profileName
        self.builder = builder
    }

    var sharedConfig: SharedConfig { builder.configuration.sharedConfig }

    struct Input: Encodable {
        let RoleArn: String
        let RoleSessionName: String
        let ExternalId: String?
        let DurationSeconds: Int?
    }

    public func credentials() async throws -> AWSCredentials {
        guard let profile = sharedConfig.profile(named: profileName) else {
            throw CredentialSourceNotConfigured("no profile '\(profileName)'")
        }
        guard Self.assumesRole(profile) else {
            throw CredentialSourceNotConfigured(profile["role_arn"] == nil
                ? "profile '\(profileName)' has no role_arn"
                : "profile '\(profileName)' has web_identity_token_file, so the web identity source assumes its role")
        }
        return try await assumeRole(of: profileName, visited: [profileName])
    }

    /// `role_arn` without `web_identity_token_file`, which the web identity source handles.
    static func assumesRole(_ profile: AWSProfile) -> Bool {
        profile["role_arn"] != nil && profile["web_identity_token_file"] == nil
    }

    static func hasStaticCredentials(_ profile: AWSProfile) -> Bool {
        profile["aws_access_key_id"] != nil || profile["aws_secret_access_key"] != nil
    }

    private func assumeRole(of name: String, visited: [String]) async throws -> AWSCredentials {
        guard let profile = sharedConfig.profile(named: name), let roleARN = profile["role_arn"] else {
            throw failed("profile '\(name)' has no role_arn")
        }
        if let serial = profile["mfa_serial"] {
            throw failed("""
                profile '\(name)' requires an MFA code (mfa_serial \(serial)), and Slipway does not prompt for one. \
                Get temporary credentials first (for example with `aws sts get-session-token --serial-number \(serial) --token-code CODE`, \
                or a credential_process that prompts) and pass them in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN
                """)
        }
        let source = try await sourceCredentials(of: name, profile, visited: visited)
        let input = Input(
            RoleArn: roleARN,
            RoleSessionName: profile["role_session_name"].flatMap { $0.isEmpty ? nil : $0 }
                ?? "slipway-session-\(Int(builder.now().timeIntervalSince1970))",
            ExternalId: profile["external_id"],
            DurationSeconds: profile["duration_seconds"].flatMap { Int($0) })
        let client = builder.stsClient.with(credentials: StaticCredentialProvider(source, sourceName: "source of profile \(name)"))
        do {
            return try await client.query(STSService.description, "AssumeRole", input, as: STSAssumeRoleResult.self).awsCredentials
        } catch {
            throw failed("STS AssumeRole of \(roleARN) (profile '\(name)') failed: \(error)")
        }
    }

    private func sourceCredentials(of name: String, _ profile: AWSProfile, visited: [String]) async throws -> AWSCredentials {
        let sourceProfile = profile["source_profile"]
        let credentialSource = profile["credential_source"]
        switch (sourceProfile, credentialSource) {
        case (.some, .some):
            throw failed("profile '\(name)' has both source_profile and credential_source; keep one")
        case (nil, nil):
            throw failed("profile '\(name)' has role_arn but neither source_profile nor credential_source")
        case (nil, .some(let sourceName)):
            guard let provider = builder.namedSource(sourceName) else {
                throw failed("the credential_source '\(sourceName)' of profile '\(name)' is not valid; use Environment, Ec2InstanceMetadata or EcsContainer")
            }
            do {
                return try await provider.credentials()
            } catch let skipped as CredentialSourceNotConfigured {
                throw failed("no credentials from credential_source \(sourceName) of profile '\(name)': \(skipped.reason)")
            }
        case (.some(let sourceName), nil):
            guard let source = sharedConfig.profile(named: sourceName) else {
                throw failed("the source_profile '\(sourceName)' of profile '\(name)' does not exist")
            }
            if visited.contains(sourceName) {
                // A profile may name itself to take its own static keys; any other return is a loop.
                guard sourceName == name, Self.hasStaticCredentials(source) else {
                    throw failed("source_profile makes a loop: \((visited + [sourceName]).joined(separator: " -> "))")
                }
            }
            if Self.hasStaticCredentials(source) || !Self.assumesRole(source) {
                let chain = CredentialChain(builder.profileProviders(for: sourceName, variables: nil))
                do {
                    return try await chain.credentials()
                } catch let none as NoCredentialsError {
                    throw failed("the source_profile '\(sourceName)' of profile '\(name)' has no credentials ("
                        + none.passedOver.map { "\($0.source): \($0.reason)" }.joined(separator: "; ") + ")")
                }
            }
            return try await assumeRole(of: sourceName, visited: visited + [sourceName])
        }
    }

    private func failed(_ reason: String) -> CredentialSourceFailed {
        CredentialSourceFailed(source: sourceName, reason: reason)
    }
}
