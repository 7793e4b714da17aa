import AWSSigV4

/// The AWS CLI v2's order of credential sources for a resolved configuration (botocore's
/// `create_credential_resolver`):
///
/// 1. environment variables — left out when the profile was chosen with `--profile`;
/// 2. assume role from the profile (`role_arn` with `source_profile` or `credential_source`);
/// 3. web identity (`AWS_WEB_IDENTITY_TOKEN_FILE`…, ignored with `--profile`, or the profile's);
/// 4. IAM Identity Center (SSO), which Slipway only explains;
/// 5. static keys in the shared credentials file;
/// 6. the profile's `credential_process`;
/// 7. static keys in the config file;
/// 8. container credentials (ECS, EKS Pod Identity);
/// 9. EC2 instance metadata.
struct CredentialChainBuilder: Sendable {
    let configuration: AWSConfiguration
    /// A client for STS; sources give it their own credentials (or none) per call.
    let stsClient: AWSClient
    /// For the container and instance metadata services.
    let transport: any HTTPTransport
    var now: @Sendable () -> Date = { Date() }
    var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

    func chain() -> CredentialChain {
        var providers: [any CredentialProvider] = []
        let variables = configuration.isProfileExplicit ? nil : configuration.variables
        if let variables {
            providers.append(EnvironmentCredentialProvider(variables: variables))
        }
        providers.append(AssumeRoleCredentialProvider(profileName: configuration.profileName, builder: self))
        providers += profileProviders(for: configuration.profileName, variables: variables)
        providers.append(containerProvider)
        providers.append(instanceMetadataProvider)
        return CredentialChain(providers)
    }

    /// The sources that read one profile, in the CLI's order; also how a `source_profile` is read
    /// (with `variables` nil, as the CLI ignores the web identity variables there).
    func profileProviders(for profileName: String, variables: [String: String]?) -> [any CredentialProvider] {
        let sharedConfig = configuration.sharedConfig
        return [
            WebIdentityCredentialProvider(profileName: profileName, sharedConfig: sharedConfig, variables: variables, stsClient: stsClient, now: now),
            SSOProfileCredentialProvider(profileName: profileName, sharedConfig: sharedConfig),
            ProfileCredentialProvider(profileName: profileName, sharedConfig: sharedConfig, file: .credentials),
            ProcessCredentialProvider(profileName: profileName, sharedConfig: sharedConfig, variables: configuration.variables),
            ProfileCredentialProvider(profileName: profileName, sharedConfig: sharedConfig, file: .config),
        ]
    }

    /// The sources a `credential_source` names (case-insensitively, as botocore compares them).
    func namedSource(_ name: String) -> (any CredentialProvider)? {
        switch name.lowercased() {
        case "environment": EnvironmentCredentialProvider(variables: configuration.variables)
        case "ec2instancemetadata": instanceMetadataProvider
        case "ecscontainer": containerProvider
        default: nil
        }
    }

    var containerProvider: ContainerCredentialProvider {
        ContainerCredentialProvider(variables: configuration.variables, transport: transport, sleep: sleep)
    }

    var instanceMetadataProvider: InstanceMetadataCredentialProvider {
        InstanceMetadataCredentialProvider(variables: configuration.variables, profile: configuration.profile, transport: transport)
    }
}
