/// A string that must never be printed, such as a GitHub OAuth token or a secret's ARN.
///
/// Every textual and reflective view shows `(sensitive)`; only `revealed` gives the value,
/// so a leak needs a deliberate, greppable call.
public struct SensitiveString: Sendable, Hashable {
    public let revealed: String

    public init(_ value: String) {
        self.revealed = value
    }

    public var isEmpty: Bool { revealed.isEmpty }
}

extension SensitiveString: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "(sensitive)" }
    public var debugDescription: String { "(sensitive)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
