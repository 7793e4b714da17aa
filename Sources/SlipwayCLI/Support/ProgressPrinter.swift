import SlipwayEngine

/// Shows each resource step on stderr as it starts and ends.
struct ProgressPrinter: Sendable {
    let color: Bool

    func handle(_ event: ApplyEvent) {
        switch event {
        case .started(let address, let action):
            Terminal.writeError("  \(verb(action, done: false)) \(address)…\n")
        case .finished(let address, let action, let duration):
            Terminal.writeError("\(Style(color: color).green("  ✓")) \(verb(action, done: true)) \(address) (\(Self.seconds(duration)))\n")
        case .failed(_, _, let message):
            Terminal.writeError("\(Style(color: color).red("  ✗")) \(message)\n")
        }
    }

    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return "\(milliseconds / 1000).\(milliseconds % 1000 / 100) s"
    }

    private func verb(_ action: ChangeAction, done: Bool) -> String {
        switch action {
        case .create: done ? "created" : "creating"
        case .update: done ? "updated" : "updating"
        case .replace: done ? "replaced" : "replacing"
        case .delete: done ? "deleted" : "deleting"
        case .noChange: "checked"
        }
    }
}
