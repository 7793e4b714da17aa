import AWSCore

/// A condition a test waited for that never held: thrown, so the test fails saying what it waited for.
public struct ConditionNeverHeld: Error, CustomStringConvertible {
    public let what: String
    public let timeout: Duration
    public var description: String { "\(what) did not happen within \(timeout.components.seconds) s" }
}

/// Waits (in real time, on the one `Waiter`) until `condition` holds; throws `ConditionNeverHeld`
/// naming `what` when it has not by `timeout`, so that no wait in a test ends silently.
public func eventually(_ what: String, timeout: Duration = .seconds(60), interval: Duration = .milliseconds(100),
                       _ condition: () async throws -> Bool) async throws {
    guard try await Waiter(interval: interval, timeout: timeout).until(condition) else {
        throw ConditionNeverHeld(what: what, timeout: timeout)
    }
}
