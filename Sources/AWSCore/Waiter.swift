import NIOConcurrencyHelpers

/// What one look at a resource says while waiting for it.
public enum WaiterState<Value: Sendable>: Sendable {
    case done(Value)
    case pending(String)
    case failed(String)
}

/// The time a wait counts and the sleep between its looks. `live` is the process's monotonic
/// clock; `manual()` moves only when a wait sleeps on it, so that tests of an hour-long wait
/// take no time and count exactly the looks the deadline allows.
public struct WaitClock: Sendable {
    /// Time since an arbitrary origin.
    public let now: @Sendable () -> Duration
    public let sleep: @Sendable (Duration) async throws -> Void

    public init(now: @escaping @Sendable () -> Duration, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    public static let live: WaitClock = {
        let clock = ContinuousClock()
        let origin = clock.now
        return WaitClock(now: { origin.duration(to: clock.now) }, sleep: { try await Task.sleep(for: $0) })
    }()

    /// A clock that stands still but for the sleeps of the waits that use it; `onSleep` sees each one.
    public static func manual(onSleep: @escaping @Sendable (Duration) -> Void = { _ in }) -> WaitClock {
        let elapsed = NIOLockedValueBox(Duration.zero)
        return WaitClock(now: { elapsed.withLockedValue { $0 } }, sleep: { duration in
            try Task.checkCancellation()
            onSleep(duration)
            elapsed.withLockedValue { $0 += duration }
        })
    }
}

/// The one way Slipway waits: look, and look again every `interval` until the condition holds
/// or `timeout` of wall time has passed since the first look (the looks' own time counts).
/// The first look is immediate and the last one is at the deadline.
public struct Waiter: Sendable {
    public var interval: Duration
    public var timeout: Duration
    public var clock: WaitClock

    public init(interval: Duration = .seconds(5), timeout: Duration = .seconds(600), clock: WaitClock = .live) {
        self.interval = interval
        self.timeout = timeout
        self.clock = clock
    }

    /// A wait that only ends when its task is cancelled (`status --watch`).
    public static func endless(interval: Duration, clock: WaitClock = .live) -> Waiter {
        Waiter(interval: interval, timeout: .seconds(Int64.max / 4), clock: clock)
    }

    /// Looks until `look` returns true (then true) or the deadline passes (then false).
    public func until(_ look: () async throws -> Bool) async throws -> Bool {
        let deadline = clock.now() + timeout
        while true {
            if try await look() { return true }
            let remaining = deadline - clock.now()
            guard remaining > .zero else { return false }
            try await clock.sleep(min(interval, remaining))
        }
    }

    /// The value `check` is done with; a failed look or the deadline is a `WaiterError`.
    public func wait<Value: Sendable>(for what: String, _ check: () async throws -> WaiterState<Value>) async throws -> Value {
        var lastState = "not checked yet"
        var result: Value?
        var failure: String?
        let held = try await until {
            switch try await check() {
            case .done(let value): result = value; return true
            case .failed(let reason): failure = reason; return true
            case .pending(let state): lastState = state; return false
            }
        }
        if let failure { throw WaiterError(what: what, reason: failure) }
        guard held, let result else {
            throw WaiterError(what: what, reason: "still \(lastState) after \(timeout.components.seconds) s")
        }
        return result
    }

    /// `body`'s value, calling it again while it throws an error that `retryable` accepts and
    /// the deadline has not passed; after that, the last error.
    public func retrying<T>(while retryable: (any Error) -> Bool, _ body: () async throws -> T) async throws -> T {
        var value: T?
        var lastError: (any Error)?
        _ = try await until {
            do {
                value = try await body()
                return true
            } catch let error where retryable(error) {
                lastError = error
                return false
            }
        }
        if let value { return value }
        throw lastError ?? WaiterError(what: "a retried call", reason: "no attempt was made")
    }
}

public struct WaiterError: Error, Sendable, CustomStringConvertible {
    public let what: String
    public let reason: String
    public var description: String { "waiting for \(what): \(reason)" }
}
