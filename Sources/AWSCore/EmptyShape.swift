/// The input or output of an operation that has no members.
public struct EmptyShape: Codable, Sendable, Equatable {
    public init() {}
}
