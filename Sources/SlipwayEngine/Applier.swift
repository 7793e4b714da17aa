import AWSCore

/// Progress of an apply or destroy, one event per resource step.
public enum ApplyEvent: Sendable {
    case started(ResourceAddress, ChangeAction)
    case finished(ResourceAddress, ChangeAction, Duration)
    case failed(ResourceAddress, ChangeAction, String)
}

/// What an apply did, did not do, and why it stopped.
public struct ApplyResult: Sendable {
    public let completed: [(ResourceAddress, ChangeAction)]
    public let failed: [(ResourceAddress, ChangeAction, String)]
    public let notStarted: [(ResourceAddress, ChangeAction)]
    /// The writes AWS accepted for a change that then failed (a function's new code before its
    /// configuration was refused): that change is made in part.
    public let landedBeforeFailing: [ResourceAddress: [String]]
    public let interrupted: Bool

    public var succeeded: Bool { failed.isEmpty && notStarted.isEmpty && !interrupted }

    public static let nothing = ApplyResult(completed: [], failed: [], notStarted: [], landedBeforeFailing: [:], interrupted: false)

    /// One result of an apply run in two parts (the bucket first, then what the lock guards).
    public func followed(by next: ApplyResult) -> ApplyResult {
        ApplyResult(completed: completed + next.completed, failed: failed + next.failed, notStarted: notStarted + next.notStarted,
                    landedBeforeFailing: landedBeforeFailing.merging(next.landedBeforeFailing) { $0 + $1 }, interrupted: interrupted || next.interrupted)
    }

    /// A part that never ran, because the one before it stopped.
    public static func notRun(_ plan: Plan) -> ApplyResult {
        ApplyResult(completed: [], failed: [], notStarted: plan.pending.map { ($0.address, $0.action) }, landedBeforeFailing: [:], interrupted: false)
    }
}

/// Stops an apply between steps: what is in flight finishes, nothing new starts.
public actor StopSignal {
    public private(set) var isStopped = false
    /// Why, when it was not the user's Ctrl-C (the app's lock was taken over).
    public private(set) var reason: String?
    public init() {}
    public func stop(reason: String? = nil) {
        isStopped = true
        if self.reason == nil { self.reason = reason }
    }
}

/// Runs a plan's changes as a dependency graph: a change starts when every change it depends on
/// has finished, at most `parallelism` at a time; the first failure stops new starts.
public struct Applier: Sendable {
    public let context: EngineContext
    public let parallelism: Int
    public let stopSignal: StopSignal

    /// Writes at once unless `--parallelism` says otherwise: wide, because AWS's rate limits
    /// are met by the client's adaptive pacing (a throttled write waits and goes on).
    public static let defaultParallelism = 32

    public init(context: EngineContext, parallelism: Int = Applier.defaultParallelism, stopSignal: StopSignal = StopSignal()) {
        self.context = context
        self.parallelism = max(1, parallelism)
        self.stopSignal = stopSignal
    }

    public func apply(_ plan: Plan, onEvent: @escaping @Sendable (ApplyEvent) -> Void = { _ in }) async -> ApplyResult {
        let pending = plan.pending
        let waitsFor = Self.order(pending)

        var remaining = pending
        var completed: [(ResourceAddress, ChangeAction)] = []
        var failed: [(ResourceAddress, ChangeAction, String)] = []
        var landed: [ResourceAddress: [String]] = [:]
        var done: Set<ResourceAddress> = []
        var interrupted = false

        await withTaskGroup(of: (PlannedChange, String?, [String]).self) { group in
            var running = 0
            func startReady() async {
                guard failed.isEmpty else { return }
                if await stopSignal.isStopped { interrupted = !remaining.isEmpty; return }
                while running < parallelism, let index = remaining.firstIndex(where: { (waitsFor[$0.address] ?? []).isSubset(of: done) }) {
                    let change = remaining.remove(at: index)
                    running += 1
                    onEvent(.started(change.address, change.action))
                    group.addTask { [context] in
                        let started = ContinuousClock.now
                        let writes = WriteLog()
                        do {
                            try await WriteLog.$current.withValue(writes) { try await Self.perform(change, context) }
                            onEvent(.finished(change.address, change.action, ContinuousClock.now - started))
                            return (change, nil, [])
                        } catch {
                            let message = String(describing: EngineError.changeFailed(change.address, change.action, error))
                            onEvent(.failed(change.address, change.action, message))
                            return (change, message, writes.accepted)
                        }
                    }
                }
            }
            await startReady()
            while let (change, failure, writes) = await group.next() {
                running -= 1
                if let failure {
                    failed.append((change.address, change.action, failure))
                    if !writes.isEmpty { landed[change.address] = writes }
                } else {
                    completed.append((change.address, change.action))
                    done.insert(change.address)
                }
                await startReady()
            }
        }
        return ApplyResult(completed: completed, failed: failed, notStarted: remaining.map { ($0.address, $0.action) },
                           landedBeforeFailing: landed, interrupted: interrupted)
    }

    /// What each change waits for. Creates and updates go after what they depend on; deletes
    /// run backwards (a resource after everything that depends on it) and, in a plan that also
    /// creates or updates, after all of those: a service detaches from its target group before
    /// the retired target group goes.
    static func order(_ pending: [PlannedChange]) -> [ResourceAddress: Set<ResourceAddress>] {
        let deletes = Set(pending.filter { $0.action == .delete }.map(\.address))
        let others = Set(pending.map(\.address)).subtracting(deletes)
        var waitsFor: [ResourceAddress: Set<ResourceAddress>] = [:]
        for change in pending {
            for dependency in change.resource.dependencies {
                if deletes.contains(change.address), deletes.contains(dependency) {
                    waitsFor[dependency, default: []].insert(change.address)
                } else if others.contains(change.address), others.contains(dependency) {
                    waitsFor[change.address, default: []].insert(dependency)
                }
            }
        }
        for address in deletes { waitsFor[address, default: []].formUnion(others) }
        return waitsFor
    }

    static func perform(_ change: PlannedChange, _ context: EngineContext) async throws {
        switch change.action {
        case .create: try await createOrConverge(change.resource, context)
        case .update: try await change.resource.update(context, changes: change.changes)
        case .replace:
            try await change.resource.delete(context)
            try await change.resource.create(context)
        case .delete: try await change.resource.delete(context)
        case .noChange: return
        }
    }

    /// Creates the resource; if that fails and the resource exists after all (another apply of
    /// the same file made it since the plan read, or an earlier attempt half-succeeded), brings
    /// what exists in line instead. A resource that is not this app's is never taken over.
    static func createOrConverge(_ resource: any ManagedResource, _ context: EngineContext) async throws {
        do {
            try await resource.create(context)
        } catch {
            guard let live = try? await resource.readLive(context), live.ownedByApp else { throw error }
            let differences = FieldChange.diff(desired: resource.desired, live: live.fields)
            if differences.isEmpty { return }
            guard !differences.contains(where: \.forcesReplacement) else { throw error }
            try await resource.update(context, changes: differences)
        }
    }
}
