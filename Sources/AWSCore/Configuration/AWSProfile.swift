/// The settings of one named profile, merged from the config and credentials files.
public struct AWSProfile: Sendable, Equatable {
    public let name: String
    public let settings: [String: String]
    /// The `[services NAME]` section the profile points at, if any.
    public let services: [String: [String: String]]

    public init(name: String, settings: [String: String], services: [String: [String: String]] = [:]) {
        self.name = name
        self.settings = settings
        self.services = services
    }

    public subscript(key: String) -> String? { settings[key] }

    public func serviceSetting(_ service: String, _ key: String) -> String? {
        services[service]?[key]
    }
}

/// Both shared files, located as the AWS CLI locates them, and the profiles in them.
public struct SharedConfig: Sendable {
    public let config: SharedConfigFile
    public let credentials: SharedConfigFile
    public let configPath: String
    public let credentialsPath: String

    public init(variables: [String: String]) {
        let home = variables["HOME"] ?? "~"
        configPath = Self.expand(variables["AWS_CONFIG_FILE"] ?? "\(home)/.aws/config", home: home)
        credentialsPath = Self.expand(variables["AWS_SHARED_CREDENTIALS_FILE"] ?? "\(home)/.aws/credentials", home: home)
        config = SharedConfigFile.load(path: configPath)
        credentials = SharedConfigFile.load(path: credentialsPath)
    }

    public init(config: SharedConfigFile, credentials: SharedConfigFile) {
        self.config = config
        self.credentials = credentials
        configPath = "~/.aws/config"
        credentialsPath = "~/.aws/credentials"
    }

    /// The profile of that name, or nil when neither file has it. Credentials-file keys win.
    public func profile(named name: String) -> AWSProfile? {
        let configSection = configFileSettings(profile: name)
        let credentialsSection = credentialsFileSettings(profile: name)
        guard configSection != nil || credentialsSection != nil else { return nil }
        var settings = configSection ?? [:]
        for (key, value) in credentialsSection ?? [:] { settings[key] = value }
        let services = settings["services"].flatMap { config.sections["services \($0)"]?.subsections } ?? [:]
        return AWSProfile(name: name, settings: settings, services: services)
    }

    public func hasProfile(_ name: String) -> Bool { profile(named: name) != nil }

    /// The profile's section of the config file alone (`[profile NAME]`, or `[default]`).
    public func configFileSettings(profile name: String) -> [String: String]? {
        (config.sections[name == "default" ? "default" : "profile \(name)"]
            ?? (name == "default" ? config.sections["profile default"] : nil))?.settings
    }

    /// The profile's section of the credentials file alone (`[NAME]`).
    public func credentialsFileSettings(profile name: String) -> [String: String]? {
        credentials.sections[name]?.settings
    }

    private static func expand(_ path: String, home: String) -> String {
        path.hasPrefix("~/") ? home + path.dropFirst(1) : path
    }
}
