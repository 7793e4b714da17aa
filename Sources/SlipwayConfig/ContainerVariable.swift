/// A plain environment variable of a service's container.
public struct ContainerVariable: Sendable, Equatable {
    public var name: Located<String>
    public var value: Located<String>

    public init(name: Located<String>, value: Located<String>) {
        self.name = name
        self.value = value
    }
}
