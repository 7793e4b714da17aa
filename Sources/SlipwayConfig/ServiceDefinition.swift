/// A service as `slipway.yml` declares it: its repository, its settings and its per-environment overrides.
public struct ServiceDefinition: Sendable, Equatable {
    /// The service's key in `services:`.
    public var name: Located<String>
    /// The repository's name under `source.owner`.
    public var repo: Located<String>
    public var settings: ServiceSettings
    /// In the file's order; each names a declared environment.
    public var overrides: [ServiceOverride]
    /// The files a push must touch to start its pipelines; nil: any push.
    public var paths: PathFilter?

    public init(
        name: Located<String>, repo: Located<String>, settings: ServiceSettings, overrides: [ServiceOverride],
        paths: PathFilter? = nil
    ) {
        self.name = name
        self.repo = repo
        self.settings = settings
        self.overrides = overrides
        self.paths = paths
    }

    /// The settings that apply in one environment.
    public func settings(in environment: String) -> ServiceSettings {
        overrides
            .filter { $0.environment.value == environment }
            .reduce(settings) { $0.applying($1) }
    }
}
