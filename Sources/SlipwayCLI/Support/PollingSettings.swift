import SlipwayEngine

/// How often the waiting commands look again. `SLIPWAY_POLL_INTERVAL` (seconds, may be a
/// fraction) overrides every default: for tests and demos against a fast local emulator.
enum PollingSettings {
    static func polling(default interval: Duration, timeout: Duration, environment: [String: String]) -> Polling {
        var chosen = interval
        if let text = environment["SLIPWAY_POLL_INTERVAL"], let seconds = Double(text), seconds > 0 {
            chosen = .milliseconds(Int64(seconds * 1000))
        }
        return Polling(interval: chosen, timeout: timeout)
    }
}
