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
    /// A resource the file no longer asks for (a service's `http` removed): the plan deletes it
    /// when it exists and is this app's, and leaves it out otherwise.
    var isRetired: Bool { get }
    /// Whether `readLive` answers from `EngineContext.listings` when there is one: the planner
    /// then reads again on its own each such resource whose listed state differs from the file.
    var readsFromListings: Bool { get }
    /// Whether `readLive` is one batched read (`BatchedReads`): the planner starts all of those
    /// together, outside its bound, so that they reach their batcher at once.
    var readsInBatches: Bool { get }
}

extension ManagedResource {
    public var isRetired: Bool { false }
    public var readsFromListings: Bool { false }
    public var readsInBatches: Bool { false }

    /// This resource, marked as one the file no longer asks for.
    var retired: any ManagedResource { RetiredResource(resource: self) }
}

/// A resource that must not exist: read and deleted like the resource it wraps, never created.
struct RetiredResource: ManagedResource {
    let resource: any ManagedResource

    var address: ResourceAddress { resource.address }
    var dependencies: [ResourceAddress] { resource.dependencies }
    var desired: [Field] { resource.desired }
    var isRetired: Bool { true }
    var readsFromListings: Bool { resource.readsFromListings }
    var readsInBatches: Bool { resource.readsInBatches }
    func readLive(_ context: EngineContext) async throws -> LiveResource? { try await resource.readLive(context) }
    func create(_ context: EngineContext) async throws {}
    func update(_ context: EngineContext, changes: [FieldChange]) async throws {}
    func delete(_ context: EngineContext) async throws { try await resource.delete(context) }
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
