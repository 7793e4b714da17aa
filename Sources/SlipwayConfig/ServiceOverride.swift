/// What one environment changes in a service (`services.NAME.environments.ENV`); nil keeps the service's value.
public struct ServiceOverride: Sendable, Equatable {
    /// The keys that an override may set: every service field except `repo` (one ECR repository,
    /// `{app}/{service}`, serves all environments) and `environments` itself.
    public static let allowedKeys = [
        "buildspec", "build", "cpu", "memory", "port", "ports", "count", "environment", "secrets", "logs", "task_role",
        "http", "scaling",
    ]

    /// The environment's key, where the override names it.
    public var environment: Located<String>
    public var buildspec: Located<String>?
    public var compute: Located<BuildCompute>?
    public var image: Located<String>?
    public var cpu: Located<Int>?
    public var memory: Located<Int>?
    public var ports: [Located<Int>]?
    public var count: Located<Int>?
    public var environmentVariables: [ContainerVariable]?
    public var secrets: [ContainerSecret]?
    public var logs: Located<Bool>?
    public var taskRole: Located<String>?
    /// A whole `http` for this environment (nil inside: `http: false`), replacing the service's.
    public var http: Located<HTTPSettings?>?
    /// A whole `scaling` for this environment (nil inside: `scaling: false`), replacing the service's.
    public var scaling: Located<ScalingSettings?>?

    public init(environment: Located<String>) {
        self.environment = environment
    }
}
