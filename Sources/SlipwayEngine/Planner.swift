/// Reads the live state of every desired resource (concurrently, bounded) and decides what to do.
public struct Planner: Sendable {
    public let context: EngineContext
    public let parallelism: Int

    /// The least roles a plan reads for it to list every role of the account instead (20 roles
    /// are 40 reads, about IAM's burst).
    public let roleListingMinimum: Int

    public init(context: EngineContext, parallelism: Int = 64, roleListingMinimum: Int = 20) {
        self.context = context
        self.parallelism = max(1, parallelism)
        self.roleListingMinimum = roleListingMinimum
    }

    /// Reads at once for an apply of `writes` changes at once: twice as many, at least 64.
    public static func readWidth(writes: Int) -> Int {
        max(64, 2 * writes)
    }

    /// The plan to make AWS match `resources`.
    public func plan(_ resources: [any ManagedResource]) async throws -> Plan {
        let live = try await readAll(resources)
        let changes = resources.compactMap { resource -> PlannedChange? in
            if resource.isRetired {
                guard let current = live[resource.address] ?? nil, current.ownedByApp else { return nil }
                return PlannedChange(resource: resource, action: .delete, changes: [])
            }
            guard let current = live[resource.address] ?? nil else {
                let created = resource.desired.map { FieldChange($0.id, old: nil, new: $0.value) }
                return PlannedChange(resource: resource, action: .create, changes: created)
            }
            let differences = FieldChange.diff(desired: resource.desired, live: current.fields)
            if differences.isEmpty { return PlannedChange(resource: resource, action: .noChange, changes: []) }
            let action: ChangeAction = differences.contains { $0.forcesReplacement } ? .replace : .update
            return PlannedChange(resource: resource, action: action, changes: differences)
        }
        return Plan(changes: DependencyOrder.sorted(changes))
    }

    /// The plan to delete `resources`: only those that exist and carry this app's tags.
    public func destroyPlan(_ resources: [any ManagedResource]) async throws -> (plan: Plan, untagged: [ResourceAddress]) {
        let live = try await readAll(resources)
        var untagged: [ResourceAddress] = []
        var changes: [PlannedChange] = []
        for resource in resources {
            guard let current = live[resource.address] ?? nil else { continue }
            guard current.ownedByApp else { untagged.append(resource.address); continue }
            changes.append(PlannedChange(resource: resource, action: .delete, changes: []))
        }
        return (Plan(changes: DependencyOrder.sorted(changes).reversed()), untagged)
    }

    /// Every resource's live state. The first pass reads through the account's listings
    /// (`AccountListings`); a resource found there whose state differs from the file is then
    /// read again on its own, so the plan shows what its own reads show. (A resource missing
    /// from a complete listing, or from its own read, is missing.) Reads go kind by kind, so
    /// that the ones AWS takes in batches arrive at their batcher together.
    private func readAll(_ resources: [any ManagedResource]) async throws -> [ResourceAddress: LiveResource?] {
        let byKind = resources.sorted { $0.address < $1.address }
        let roles = resources.filter { $0.address.kind == .iamRole }.count
        let listings = AccountListings(context: context, listsRoles: roles >= roleListingMinimum)
        listings.start()
        var listed = context
        listed.listings = listings
        var live = try await read(byKind, in: listed)
        let unconfirmed = byKind.filter { resource in
            guard resource.readsFromListings else { return false }
            guard let found = live[resource.address] ?? nil else { return false }
            return !found.ownedByApp || !FieldChange.diff(desired: resource.desired, live: found.fields).isEmpty
        }
        for (address, found) in try await read(unconfirmed, in: context) { live[address] = found }
        return live
    }

    private func read(_ resources: [any ManagedResource], in context: EngineContext) async throws -> [ResourceAddress: LiveResource?] {
        let batched = resources.filter(\.readsInBatches)
        async let fromBatches = read(batched, width: max(1, batched.count), in: context)
        let single = try await read(resources.filter { !$0.readsInBatches }, width: parallelism, in: context)
        return try await single.merging(fromBatches) { first, _ in first }
    }

    private func read(_ resources: [any ManagedResource], width: Int, in context: EngineContext) async throws -> [ResourceAddress: LiveResource?] {
        try await BoundedConcurrency.map(resources, width: width) { resource in
            do {
                return (resource.address, try await resource.readLive(context))
            } catch {
                throw EngineError.readFailed(resource.address, error)
            }
        }.reduce(into: [:]) { $0[$1.0] = $1.1 }
    }
}

/// Orders changes so that every resource comes after the ones it depends on (kinds break ties).
enum DependencyOrder {
    static func sorted(_ changes: [PlannedChange]) -> [PlannedChange] {
        let byAddress = Dictionary(changes.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        var visited: Set<ResourceAddress> = []
        var result: [PlannedChange] = []
        func visit(_ change: PlannedChange) {
            guard visited.insert(change.address).inserted else { return }
            for dependency in change.resource.dependencies.sorted() {
                if let required = byAddress[dependency] { visit(required) }
            }
            result.append(change)
        }
        for change in changes.sorted(by: { $0.address < $1.address }) { visit(change) }
        return result
    }
}
