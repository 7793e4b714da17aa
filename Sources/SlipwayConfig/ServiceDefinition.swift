/// A service as `slipway.yml` declares it: its repository, its settings and its per-environment overrides.
public struct ServiceDefinition: Sendable, Equatable {
    /// The service's key in `services:`.
    public var name: Located<String>
    /// The repository's name under `source.owner`.
    public var repo: Located<String>
    public var settings: ServiceSettings
    /// In the file's order; each names a declared environment.
    public var overrides: [ServiceOverride]

    public init(name: Located<String>, repo: Located<String>, settings: ServiceSettings, overrides: [ServiceOverride]) {
        self.name = name
        self.repo = repo
        self.settings = settings
        self.overrides = overrides
    }

    /// The settings that apply in one environment.
    public func settings(in environment: String) -> ServiceSettings {
        overrides
            .filter { $0.environment.value == environment }
            .reduce(settings) { $0.applying($1) }
    }
}
