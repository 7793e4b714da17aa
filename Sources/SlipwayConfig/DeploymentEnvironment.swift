/// One stage of the application (development, production, …): the branch that deploys to it.
public struct DeploymentEnvironment: Sendable, Equatable {
    /// The environment's key in `environments:`.
    public var name: Located<String>
    public var branch: Located<String>
    /// Whether the pipeline waits for a manual approval before Deploy.
    public var approval: Located<Bool>
    /// The DNS domain its web services answer under (`{host}.{domain}`, HTTPS); nil routes by path alone.
    public var domain: Located<String>?
    /// What starts its pipelines (default: a push to `branch`).
    public var trigger: Located<PipelineTrigger>
    /// Whether a second run waits its turn (V2 `QUEUED`) instead of superseding (`SUPERSEDED`).
    public var queue: Located<Bool>
    public var notifications: EnvironmentNotifications

    public init(
        name: Located<String>, branch: Located<String>, approval: Located<Bool>, domain: Located<String>? = nil,
        trigger: Located<PipelineTrigger>? = nil, queue: Located<Bool>? = nil,
        notifications: EnvironmentNotifications = .inherited
    ) {
        self.name = name
        self.branch = branch
        self.approval = approval
        self.domain = domain
        self.trigger = trigger ?? Located(.push, at: name.position)
        self.queue = queue ?? Located(false, at: name.position)
        self.notifications = notifications
    }
}

/// An environment's `notifications`: the file's, none, or its own (which replace the file's whole).
public enum EnvironmentNotifications: Sendable, Equatable {
    case inherited
    case off
    case own(NotificationSettings)
}
