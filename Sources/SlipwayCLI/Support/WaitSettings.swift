import AWSCore

/// How often the waiting commands look again. `SLIPWAY_POLL_INTERVAL` (seconds, may be a
/// fraction) overrides every default: for tests and demos against a fast local emulator.
enum WaitSettings {
    static func waiter(default interval: Duration, timeout: Duration, variables: [String: String]) -> Waiter {
        Waiter(interval: self.interval(default: interval, variables: variables), timeout: timeout)
    }

    static func interval(default interval: Duration, variables: [String: String]) -> Duration {
        guard let text = variables["SLIPWAY_POLL_INTERVAL"], let seconds = Double(text), seconds > 0 else { return interval }
        return .milliseconds(Int64(seconds * 1000))
    }
}
