/// What the plan will do to one resource.
public enum ChangeAction: String, Sendable, Codable {
    case create
    case update
    case replace
    case delete
    case noChange = "no-change"

    /// The Terraform-style mark shown in the plan.
    public var symbol: String {
        switch self {
        case .create: "+"
        case .update: "~"
        case .replace: "-/+"
        case .delete: "-"
        case .noChange: " "
        }
    }
}

public struct PlannedChange: Sendable {
    public let resource: any ManagedResource
    public let action: ChangeAction
    /// For update and replace: the fields that differ. For create: the desired fields as `nil -> value`.
    public let changes: [FieldChange]

    public var address: ResourceAddress { resource.address }
}

/// Every resource's planned change, in dependency order.
public struct Plan: Sendable {
    public let changes: [PlannedChange]

    public var pending: [PlannedChange] { changes.filter { $0.action != .noChange } }

    /// The plan's changes to these resources only, or (`excluding`) to all others.
    public func only(_ addresses: Set<ResourceAddress>) -> Plan { Plan(changes: changes.filter { addresses.contains($0.address) }) }
    public func excluding(_ addresses: Set<ResourceAddress>) -> Plan { Plan(changes: changes.filter { !addresses.contains($0.address) }) }
    public var hasChanges: Bool { !pending.isEmpty }

    public func count(_ action: ChangeAction) -> Int {
        changes.filter { $0.action == action }.count
    }

    /// `Plan: 3 to add, 1 to change, 0 to replace, 0 to destroy.`
    public var summary: String {
        guard hasChanges else { return "No changes. AWS matches slipway.yml." }
        return "Plan: \(count(.create)) to add, \(count(.update)) to change, \(count(.replace)) to replace, \(count(.delete)) to destroy."
    }
}
