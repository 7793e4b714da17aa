/// The fields of a service that may differ per environment, with every default filled in.
public struct ServiceSettings: Sendable, Equatable {
    public static let defaultBuildspec = "buildspec.yml"
    public static let defaultCPU = 256
    public static let defaultMemory = 512
    public static let defaultCount = 1

    public var buildspec: Located<String>
    public var build: BuildSettings
    public var cpu: Located<Int>
    public var memory: Located<Int>
    /// Container ports; `port: N` is read as one port, and a service may expose none.
    public var ports: [Located<Int>]
    public var count: Located<Int>
    public var environment: [ContainerVariable]
    public var secrets: [ContainerSecret]
    public var logs: Located<Bool>
    public var taskRole: Located<String>?
    /// The service's load-balanced web settings, located at the `http` key; nil inside: not a web service.
    public var http: Located<HTTPSettings?>
    /// Target tracking of the task count, located at the `scaling` key; nil inside: a fixed `count`.
    public var scaling: Located<ScalingSettings?>

    public init(
        buildspec: Located<String>,
        build: BuildSettings,
        cpu: Located<Int>,
        memory: Located<Int>,
        ports: [Located<Int>],
        count: Located<Int>,
        environment: [ContainerVariable],
        secrets: [ContainerSecret],
        logs: Located<Bool>,
        taskRole: Located<String>?,
        http: Located<HTTPSettings?>,
        scaling: Located<ScalingSettings?>
    ) {
        self.buildspec = buildspec
        self.build = build
        self.cpu = cpu
        self.memory = memory
        self.ports = ports
        self.count = count
        self.environment = environment
        self.secrets = secrets
        self.logs = logs
        self.taskRole = taskRole
        self.http = http
        self.scaling = scaling
    }

    /// These settings with an environment's overrides applied.
    ///
    /// Scalars, lists, `http` and `scaling` are replaced (`http` and `scaling` whole, never merged
    /// key by key); `environment` and `secrets` are merged by variable name, so an environment can
    /// change one variable without repeating the others.
    public func applying(_ override: ServiceOverride) -> ServiceSettings {
        var result = self
        if let buildspec = override.buildspec { result.buildspec = buildspec }
        if let compute = override.compute { result.build.compute = compute }
        if let image = override.image { result.build.image = image }
        if let cpu = override.cpu { result.cpu = cpu }
        if let memory = override.memory { result.memory = memory }
        if let ports = override.ports { result.ports = ports }
        if let count = override.count { result.count = count }
        if let environment = override.environmentVariables {
            result.environment = Self.merge(result.environment, environment, name: \.name.value)
        }
        if let secrets = override.secrets {
            result.secrets = Self.merge(result.secrets, secrets, name: \.name.value)
        }
        if let logs = override.logs { result.logs = logs }
        if let taskRole = override.taskRole { result.taskRole = taskRole }
        if let http = override.http { result.http = http }
        if let scaling = override.scaling { result.scaling = scaling }
        return result
    }

    private static func merge<Item>(_ base: [Item], _ changes: [Item], name: (Item) -> String) -> [Item] {
        var merged = base
        for change in changes {
            if let index = merged.firstIndex(where: { name($0) == name(change) }) {
                merged[index] = change
            } else {
                merged.append(change)
            }
        }
        return merged
    }
}
