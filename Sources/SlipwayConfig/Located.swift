/// A value read from `slipway.yml` together with where it was written.
///
/// A default that the file left out carries the position of the mapping that omitted it,
/// so an error about it still points somewhere useful.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var position: SourcePosition

    public init(_ value: Value, at position: SourcePosition) {
        self.value = value
        self.position = position
    }

    public var line: Int { position.line }
    public var column: Int { position.column }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

extension Located: CustomStringConvertible {
    public var description: String { String(describing: value) }
}
