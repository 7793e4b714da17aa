import AWSCore
import Foundation
import NIOConcurrencyHelpers

/// Says on stderr that a command is waiting on AWS's rate limit, and for which API, so that a
/// paced run does not look stuck: a wait of half a second or more, at most once per API every
/// ten seconds.
final class RateLimitNotice: Sendable {
    let style: Style
    private let lastShown = NIOLockedValueBox<[String: ContinuousClock.Instant]>([:])

    init(style: Style) {
        self.style = style
    }

    static let shortest = Duration.milliseconds(500)
    static let quiet = Duration.seconds(10)

    func waited(_ wait: RateLimitWait) {
        guard let line = line(wait, at: .now) else { return }
        Terminal.writeError(line)
    }

    /// The line to show for `wait` at `time`, or nil when it is too short or was said lately.
    func line(_ wait: RateLimitWait, at time: ContinuousClock.Instant) -> String? {
        guard wait.waited >= Self.shortest else { return nil }
        let api = "\(wait.service) \(wait.operation)"
        let due = lastShown.withLockedValue { shown -> Bool in
            if let last = shown[api], time - last < Self.quiet { return false }
            shown[api] = time
            return true
        }
        guard due else { return nil }
        let pace = wait.rate.map { String(format: " (paced at %.1f a second)", $0) } ?? ""
        return style.yellow("  … waiting on AWS's rate limit for \(api)\(pace)") + "\n"
    }
}
