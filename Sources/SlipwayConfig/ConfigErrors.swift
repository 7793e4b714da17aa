/// Every problem found in `slipway.yml`, in the order they appear in the file.
public struct ConfigErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public let errors: [ConfigError]

    public init(_ errors: [ConfigError]) {
        self.errors = errors
    }

    /// One line per problem.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
