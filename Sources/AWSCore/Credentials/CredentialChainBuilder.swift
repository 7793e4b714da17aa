import AWSSigV4

/// The AWS CLI's order of credential sources for a resolved configuration.
struct CredentialChainBuilder {
    let configuration: AWSConfiguration
    let stsClient: AWSClient
    let transport: any HTTPTransport

    func chain() -> CredentialChain {
        var providers: [any CredentialProvider] = []
        let explicitProfile = configuration.environment["AWS_PROFILE"] != nil || configuration.profileName != "default"
        // As in the CLI, a profile chosen explicitly takes precedence over key variables.
        if !explicitProfile {
            providers.append(EnvironmentCredentialProvider(environment: configuration.environment))
        }
        providers.append(ProfileCredentialProvider(profileName: configuration.profileName, sharedConfig: configuration.sharedConfig))
        return CredentialChain(providers)
    }
}
