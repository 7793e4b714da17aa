/// What one look at a resource says while waiting for it.
public enum WaiterState<Value: Sendable>: Sendable {
    case done(Value)
    case pending(String)
    case failed(String)
}

/// A waiter that ends: polls until the condition holds, fails, or the deadline passes.
public struct Waiter: Sendable {
    public var interval: Duration
    public var timeout: Duration
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(interval: Duration = .seconds(5), timeout: Duration = .seconds(600),
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.interval = interval
        self.timeout = timeout
        self.sleep = sleep
    }

    public func wait<Value: Sendable>(for what: String, _ check: () async throws -> WaiterState<Value>) async throws -> Value {
        var waited = Duration.zero
        var lastState = "not checked yet"
        while true {
            switch try await check() {
            case .done(let value): return value
            case .failed(let reason): throw WaiterError(what: what, reason: reason)
            case .pending(let state): lastState = state
            }
            guard waited + interval <= timeout else {
                throw WaiterError(what: what, reason: "still \(lastState) after \(timeout.components.seconds) s")
            }
            try await sleep(interval)
            waited += interval
        }
    }
}

public struct WaiterError: Error, Sendable, CustomStringConvertible {
    public let what: String
    public let reason: String
    public var description: String { "waiting for \(what): \(reason)" }
}
