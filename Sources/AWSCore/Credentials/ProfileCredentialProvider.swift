import AWSSigV4

/// Static keys of a profile (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`).
public struct ProfileCredentialProvider: CredentialProvider {
    public var sourceName: String { "shared credentials and config files (profile \(profileName))" }
    let profileName: String
    let sharedConfig: SharedConfig

    public init(profileName: String, sharedConfig: SharedConfig) {
        self.profileName = profileName
        self.sharedConfig = sharedConfig
    }

    public func credentials() async throws -> AWSCredentials {
        guard let profile = sharedConfig.profile(named: profileName) else {
            throw CredentialSourceNotConfigured("no profile '\(profileName)' in \(sharedConfig.credentialsPath) or \(sharedConfig.configPath)")
        }
        guard let keyID = profile["aws_access_key_id"], let secret = profile["aws_secret_access_key"] else {
            throw CredentialSourceNotConfigured("profile '\(profileName)' has no aws_access_key_id and aws_secret_access_key")
        }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: profile["aws_session_token"])
    }
}
