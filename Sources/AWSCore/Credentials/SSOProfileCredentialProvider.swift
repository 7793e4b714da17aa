import AWSSigV4

/// Stands where the CLI's IAM Identity Center (SSO) source stands in the chain. Slipway does not
/// sign in with SSO itself, so a profile set up for it gets a clear way forward instead of a
/// misleading "no credentials".
public struct SSOProfileCredentialProvider: CredentialProvider {
    public var sourceName: String { "IAM Identity Center (profile \(profileName))" }
    static let keys = ["sso_session", "sso_start_url", "sso_account_id", "sso_role_name"]
    let profileName: String
    let sharedConfig: SharedConfig

    public init(profileName: String, sharedConfig: SharedConfig) {
        self.profileName = profileName
        self.sharedConfig = sharedConfig
    }

    public func credentials() async throws -> AWSCredentials {
        guard let profile = sharedConfig.profile(named: profileName), Self.keys.contains(where: { profile[$0] != nil }) else {
            throw CredentialSourceNotConfigured("profile '\(profileName)' has no sso_session or sso_start_url")
        }
        throw CredentialSourceFailed(source: sourceName, reason: """
            profile '\(profileName)' signs in with IAM Identity Center (SSO), which Slipway cannot do by itself. \
            Run `aws sso login --profile \(profileName)`, then use a profile that borrows the CLI's session: \
            add `[profile \(profileName)-slipway]` with `credential_process = aws configure export-credentials --profile \(profileName) --format process` \
            to \(sharedConfig.configPath) and pass --profile \(profileName)-slipway
            """)
    }
}
