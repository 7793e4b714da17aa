/// A validated `slipway.yml`: one application group, its environments and its services, in the file's order.
public struct SlipwayFile: Sendable, Equatable {
    /// The name errors are reported under (the path it was loaded from).
    public var fileName: String
    public var app: Located<String>
    public var region: Located<String>?
    /// A 12-digit AWS account ID; `apply` refuses to run in another account.
    public var account: Located<String>?
    public var source: GitHubSource
    public var cluster: ClusterSettings
    /// The load balancer settings that every environment with a web service uses; nil without `load_balancer`.
    public var loadBalancer: LoadBalancerSettings?
    public var environments: [DeploymentEnvironment]
    public var services: [ServiceDefinition]
    /// Where pipeline events go unless an environment says otherwise; nil: nowhere.
    public var notifications: NotificationSettings?

    public init(
        fileName: String,
        app: Located<String>,
        region: Located<String>?,
        account: Located<String>?,
        source: GitHubSource,
        cluster: ClusterSettings,
        loadBalancer: LoadBalancerSettings? = nil,
        environments: [DeploymentEnvironment],
        services: [ServiceDefinition],
        notifications: NotificationSettings? = nil
    ) {
        self.fileName = fileName
        self.app = app
        self.region = region
        self.account = account
        self.source = source
        self.cluster = cluster
        self.loadBalancer = loadBalancer
        self.environments = environments
        self.services = services
        self.notifications = notifications
    }

    /// The names of every resource Slipway creates for this app.
    public var names: ResourceNames { ResourceNames(app: app.value) }

    public func environment(named name: String) -> DeploymentEnvironment? {
        environments.first { $0.name.value == name }
    }

    /// Whether the file says anything of notifications (at the top or in an environment).
    public var mentionsNotifications: Bool {
        notifications != nil || environments.contains { $0.notifications != .inherited }
    }

    /// Where one environment's pipeline events go: its own settings, or the file's; nil for none.
    public func notifications(in environment: String) -> NotificationSettings? {
        switch self.environment(named: environment)?.notifications {
        case .own(let settings): settings
        case .off, nil: nil
        case .inherited: notifications
        }
    }

    public func serviceDefinition(named name: String) -> ServiceDefinition? {
        services.first { $0.name.value == name }
    }

    /// A service as it runs in an environment, or nil when either is not declared.
    public func service(_ name: String, in environment: String) -> ResolvedService? {
        guard let definition = serviceDefinition(named: name), let deployment = self.environment(named: environment)
        else { return nil }
        return ResolvedService(definition: definition, environment: deployment, owner: source.owner.value, names: names)
    }

    /// Every service in one environment, in the file's order (empty when the environment is not declared).
    public func services(in environment: String) -> [ResolvedService] {
        services.compactMap { service($0.name.value, in: environment) }
    }
}
