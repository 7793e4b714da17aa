/// One stage of the application (development, production, …): the branch that deploys to it.
public struct DeploymentEnvironment: Sendable, Equatable {
    /// The environment's key in `environments:`.
    public var name: Located<String>
    public var branch: Located<String>
    /// Whether the pipeline waits for a manual approval before Deploy.
    public var approval: Located<Bool>
    /// The DNS domain its web services answer under (`{host}.{domain}`, HTTPS); nil routes by path alone.
    public var domain: Located<String>?

    public init(
        name: Located<String>, branch: Located<String>, approval: Located<Bool>, domain: Located<String>? = nil
    ) {
        self.name = name
        self.branch = branch
        self.approval = approval
        self.domain = domain
    }
}
