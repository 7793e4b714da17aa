import ArgumentParser
import SlipwayConfig

/// `--lock-timeout`: what apply, destroy, release and rollback do while another run holds the app's lock.
struct LockOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "While another run holds the app's lock, wait up to this long for it (30s, 5m, 1h) instead of stopping at once.",
        valueName: "duration"))
    var lockTimeout: String = "0s"

    func validate() throws {
        guard let seconds = DurationText.seconds(in: lockTimeout), seconds <= 86_400 else {
            throw ValidationError("--lock-timeout '\(lockTimeout)' is not a duration of at most 24h; write it like 30s, 5m or 1h30m")
        }
    }

    var wait: Duration { .seconds(DurationText.seconds(in: lockTimeout) ?? 0) }
}
