/// A service as it runs in one environment: overrides applied, defaults filled in, names derived.
///
/// This is the engine's view; positions are dropped because nothing here is reported back to the file.
public struct ResolvedService: Sendable, Equatable {
    public struct Variable: Sendable, Equatable {
        public let name: String
        public let value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public struct Secret: Sendable, Equatable {
        public let name: String
        public let valueFrom: SensitiveString

        public init(name: String, valueFrom: SensitiveString) {
            self.name = name
            self.valueFrom = valueFrom
        }
    }

    public enum Trigger: Sendable, Equatable {
        case push
        case tags([String])
        case manual
    }

    public struct Paths: Sendable, Equatable {
        public let include: [String]
        public let exclude: [String]

        public init(include: [String], exclude: [String]) {
            self.include = include
            self.exclude = exclude
        }
    }

    public let name: String
    public let environment: String
    public let branch: String
    /// What starts its pipeline; tag globs without positions.
    public let trigger: Trigger
    /// V2 `QUEUED` (true) or `SUPERSEDED`.
    public let queue: Bool
    /// The files a push must touch (include, exclude); nil: any push.
    public let paths: Paths?
    public let requiresApproval: Bool
    /// `source.owner`
    public let owner: String
    public let repo: String
    public let buildspec: String
    public let compute: BuildCompute
    public let image: String
    public let cpu: Int
    public let memory: Int
    /// The container ports; a web service's port is among them even where only `http.port` names it.
    public let ports: [Int]
    public let count: Int
    public let variables: [Variable]
    public let secrets: [Secret]
    public let logs: Bool
    public let taskRole: String?
    /// Set for a load-balanced web service (`http`) in this environment.
    public let web: Web?
    /// Set when Application Auto Scaling owns the desired count in this environment (then neither
    /// `apply` nor the deployer may send `desiredCount`: it would undo the scaling).
    public let scaling: Scaling?
    /// The environment's DNS domain; nil routes its web services by path alone.
    public let domain: String?
    public let names: ResourceNames.Service

    /// `{host}.{domain}`, the name a web service answers under where its environment has a domain.
    public var hostName: String? {
        guard let web, let domain else { return nil }
        return "\(web.host).\(domain)"
    }

    init(
        definition: ServiceDefinition,
        environment: DeploymentEnvironment,
        owner: String,
        names: ResourceNames
    ) {
        let settings = definition.settings(in: environment.name.value)
        self.name = definition.name.value
        self.environment = environment.name.value
        self.branch = environment.branch.value
        self.trigger = switch environment.trigger.value {
        case .push: .push
        case .tags(let patterns): .tags(patterns.map(\.value))
        case .manual: .manual
        }
        self.queue = environment.queue.value
        self.paths = definition.paths.map { Paths(include: $0.include.map(\.value), exclude: $0.exclude.map(\.value)) }
        self.requiresApproval = environment.approval.value
        self.owner = owner
        self.repo = definition.repo.value
        self.buildspec = settings.buildspec.value
        self.compute = settings.build.compute.value
        self.image = settings.build.image.value
        self.cpu = settings.cpu.value
        self.memory = settings.memory.value
        let ports = settings.ports.map(\.value)
        let web = settings.http.value.flatMap { Web($0, service: definition.name.value, ports: ports) }
        self.ports = ports.isEmpty ? web.map { [$0.port] } ?? [] : ports
        self.count = settings.count.value
        self.variables = settings.environment.map { Variable(name: $0.name.value, value: $0.value.value) }
        self.secrets = settings.secrets.map { Secret(name: $0.name.value, valueFrom: $0.valueFrom.value) }
        self.logs = settings.logs.value
        self.taskRole = settings.taskRole?.value
        self.web = web
        self.scaling = settings.scaling.value.map(Scaling.init)
        self.domain = environment.domain?.value
        self.names = names.service(definition.name.value, in: environment.name.value)
    }
}
