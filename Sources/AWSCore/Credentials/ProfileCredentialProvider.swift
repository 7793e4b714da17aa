import AWSSigV4

/// Static keys of a profile (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`),
/// from the credentials file, the config file, or both merged.
public struct ProfileCredentialProvider: CredentialProvider {
    /// Which file the keys are read from. The CLI reads the credentials file before
    /// `credential_process` and the config file after it.
    public enum File: Sendable {
        case credentials
        case config
        /// Both, the credentials file's keys winning.
        case both
    }

    public var sourceName: String {
        switch file {
        case .credentials: "shared credentials file (profile \(profileName))"
        case .config: "config file (profile \(profileName))"
        case .both: "shared credentials and config files (profile \(profileName))"
        }
    }

    let profileName: String
    let sharedConfig: SharedConfig
    let file: File

    public init(profileName: String, sharedConfig: SharedConfig, file: File = .both) {
        self.profileName = profileName
        self.sharedConfig = sharedConfig
        self.file = file
    }

    public func credentials() async throws -> AWSCredentials {
        let settings: [String: String]?
        let path: String
        switch file {
        case .credentials:
            settings = sharedConfig.credentialsFileSettings(profile: profileName)
            path = sharedConfig.credentialsPath
        case .config:
            settings = sharedConfig.configFileSettings(profile: profileName)
            path = sharedConfig.configPath
        case .both:
            settings = sharedConfig.profile(named: profileName)?.settings
            path = "\(sharedConfig.credentialsPath) or \(sharedConfig.configPath)"
        }
        guard let settings else {
            throw CredentialSourceNotConfigured("no profile '\(profileName)' in \(path)")
        }
        guard let keyID = settings["aws_access_key_id"] else {
            throw CredentialSourceNotConfigured("profile '\(profileName)' in \(path) has no aws_access_key_id")
        }
        guard let secret = settings["aws_secret_access_key"] else {
            throw CredentialSourceFailed(source: sourceName, reason: "profile '\(profileName)' in \(path) has aws_access_key_id but no aws_secret_access_key")
        }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret,
                              sessionToken: settings["aws_security_token"] ?? settings["aws_session_token"])
    }
}
