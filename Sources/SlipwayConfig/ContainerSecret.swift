/// An environment variable that ECS fills from a Secrets Manager secret or an SSM parameter.
public struct ContainerSecret: Sendable, Equatable {
    public var name: Located<String>
    /// The secret's or parameter's ARN; kept sensitive so that plans and logs never show it.
    public var valueFrom: Located<SensitiveString>

    public init(name: Located<String>, valueFrom: Located<SensitiveString>) {
        self.name = name
        self.valueFrom = valueFrom
    }
}
