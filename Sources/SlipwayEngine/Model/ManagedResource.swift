/// A resource Slipway creates and keeps in line with `slipway.yml`: its desired fields, how to
/// read its live fields, and how to create, update and delete it.
public protocol ManagedResource: Sendable {
    var address: ResourceAddress { get }
    /// Resources that must exist before this one is created (and be deleted after it).
    var dependencies: [ResourceAddress] { get }
    /// The fields the plan compares, in display order.
    var desired: [Field] { get }
    /// The live fields (same names as `desired`), or nil when the resource does not exist.
    func readLive(_ context: EngineContext) async throws -> LiveResource?
    func create(_ context: EngineContext) async throws
    func update(_ context: EngineContext, changes: [FieldChange]) async throws
    func delete(_ context: EngineContext) async throws
}

/// What a read found: the compared fields, and whether the resource carries this app's tags.
public struct LiveResource: Sendable {
    public let fields: [Field]
    public let ownedByApp: Bool

    public init(fields: [Field], ownedByApp: Bool) {
        self.fields = fields
        self.ownedByApp = ownedByApp
    }
}
