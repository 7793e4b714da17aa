import ArgumentParser
import SlipwayConfig

/// `--lock-timeout`: what apply, destroy, release and rollback do while another run holds the app's lock.
struct LockOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "While another run holds the app's lock, wait up to this long for it (30s, 5m, 1h) instead of stopping at once.",
        valueName: "duration"))
    var lockTimeout: String = "0s"

    @Flag(name: .customLong("lock"), inversion: .prefixedNo, help: ArgumentHelp(
        "Take the app's lock (the default). --no-lock writes without it, as Terraform's -lock=false: only when you know that no other run writes to this app."))
    var takesLock = true

    func validate() throws {
        if !takesLock && lockTimeout != "0s" {
            throw ValidationError("--lock-timeout waits for the app's lock, which --no-lock does not take; give one or the other")
        }
        guard let seconds = DurationText.seconds(in: lockTimeout), seconds <= 86_400 else {
            throw ValidationError("--lock-timeout '\(lockTimeout)' is not a duration of at most 24h; write it like 30s, 5m or 1h30m")
        }
    }

    var wait: Duration { .seconds(DurationText.seconds(in: lockTimeout) ?? 0) }
}
