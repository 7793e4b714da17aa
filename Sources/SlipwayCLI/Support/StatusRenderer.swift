import Foundation
import SlipwayEngine

/// Renders `slipway status` for a terminal or a log: one block per environment, two lines per
/// service (its pipeline's stages, its ECS rollout), then what is failing and why.
struct StatusRenderer {
    let style: Style
    /// Long lines are cut to this width (a terminal's); nil leaves them whole (a pipe, a file).
    let width: Int?
    let now: Date

    func render(_ status: AppStatus) -> String {
        var lines: [String] = []
        lines.append("\(style.bold(status.app)) · account \(status.account) · \(status.region)")
        if let connection = status.connection {
            let name = connection.name ?? connection.arn
            lines.append("GitHub connection \(name): \(style.mark(connection.status)) \(style.status(connection.status))")
            if let problem = connection.problem { lines += wrap(problem, prefix: "  ", indent: 2) }
        }
        let nameWidth = status.environments.flatMap(\.services).map(\.service.count).max() ?? 0
        for environment in status.environments {
            lines.append("")
            lines.append(style.bold(environment.name))
            for service in environment.services {
                lines += render(service, nameWidth: nameWidth)
            }
            if let notifications = environment.notifications { lines += render(notifications) }
        }
        lines.append("")
        lines.append(summary(status))
        return lines.map(fit).joined(separator: "\n") + "\n"
    }

    /// "All healthy." only when nothing is wrong and nothing is still settling.
    func summary(_ status: AppStatus) -> String {
        let problems = status.problems.count
        let services = status.environments.flatMap(\.services).filter { !$0.settling.isEmpty }.count
        let unconfirmed = status.environments.compactMap(\.notifications).flatMap(\.email).filter { !$0.confirmed }.count
        let settling = services + unconfirmed
        var parts: [String] = []
        if services > 0 { parts.append("\(services) service\(services == 1 ? "" : "s") still settling") }
        if unconfirmed > 0 { parts.append("\(unconfirmed) email address\(unconfirmed == 1 ? "" : "es") not confirmed yet") }
        let settlingText = parts.joined(separator: ", ") + "."
        switch (problems, settling) {
        case (0, 0): return style.green("All healthy.")
        case (0, _): return style.yellow("Not healthy yet: \(settlingText)")
        case (_, 0): return style.red("\(problems) problem\(problems == 1 ? "" : "s").")
        default: return style.red("\(problems) problem\(problems == 1 ? "" : "s");") + " " + style.yellow(settlingText)
        }
    }

    func render(_ service: ServiceStatus, nameWidth: Int) -> [String] {
        let pipeline = service.pipeline
        let padded = service.service.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
        var head = "  \(style.bold(padded))  "
        if !pipeline.exists {
            head += "\(style.red("✗")) no pipeline"
        } else if let latest = pipeline.latestExecution {
            head += "\(style.mark(latest.status)) \(style.status(latest.status))"
            if let commit = latest.commit { head += "  \(style.cyan(String(commit.prefix(7))))" }
            if let message = latest.commitMessage { head += " \(clip("\"\(message)\"", 50))" }
            if let started = latest.startedAt { head += style.dim(" · \(TimeText.age(started, now: now))") }
        } else {
            head += "\(style.mark(nil)) \(style.status(nil))"
        }
        var lines = [head]
        if pipeline.exists {
            let latestID = pipeline.latestExecution?.id
            let stages = pipeline.stages.map { stage -> String in
                // A stage the latest run has not reached shows the state of an older run: dim it.
                let current = stage.executionId != nil && stage.executionId == latestID
                let approval = current && stage.actions.contains(where: \.awaitingApproval)
                if approval { return "\(style.yellow("!")) \(stage.name) \(style.yellow("(awaiting approval)"))" }
                return current ? "\(style.mark(stage.status)) \(stage.name)" : style.dim("· \(stage.name)")
            }
            lines.append("    pipeline  " + stages.joined(separator: "  "))
            if let trigger = pipeline.trigger {
                lines.append("    trigger   \(trigger)" + style.dim(" · \(pipeline.executionMode ?? "SUPERSEDED")"))
            }
        }
        let ecs = service.ecs
        if ecs.exists {
            var line = "    service   \(style.mark(ecs.rolloutState)) \(style.status(ecs.rolloutState, none: "no deployment"))"
            line += "  \(ecs.runningCount ?? 0)/\(ecs.desiredCount ?? 0) running"
            if let definition = ecs.taskDefinition { line += style.dim(" · \(definition)") }
            // Older deployments still draining; a failed one is what ECS rolled back from.
            for old in ecs.deployments where old.status != .primary {
                // The same family: its revision says it.
                let sameFamily = old.taskDefinition.split(separator: ":").first == ecs.taskDefinition?.split(separator: ":").first
                let name = sameFamily ? "revision \(old.taskDefinition.split(separator: ":").last ?? "?")" : old.taskDefinition
                line += old.rolloutState == .failed ? " · " + style.red("rolled back from \(name)") : style.dim(" · draining \(name)")
            }
            lines.append(line)
        } else {
            lines.append("    service   \(style.red("✗")) no ECS service")
        }
        if let web = service.web {
            lines.append("    url       " + (web.url.map(style.cyan) ?? style.dim("(once the load balancer exists)")))
            if web.exists {
                // One word per state, with its count: `2 healthy · 1 draining`.
                let counts = Dictionary(grouping: web.targets, by: { $0.state?.rawValue ?? "unknown" })
                let order = ["healthy", "initial", "unhealthy", "unavailable", "draining", "unused"]
                let text = counts.keys.sorted { (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1) }.map { state in
                    "\(style.mark(counts[state]?.first?.state)) \(counts[state]?.count ?? 0) \(state)"
                }
                lines.append("    targets   " + (text.isEmpty ? style.dim("none registered") : text.joined(separator: "  ")))
            }
        }
        // What is failing and why is never cut: it wraps under its mark.
        for problem in service.problems {
            lines += wrap(problem, prefix: "    \(style.red("✗")) ", indent: 6)
        }
        for settling in service.settling {
            lines += wrap(settling, prefix: "    \(style.yellow("↻")) ", indent: 6)
        }
        return lines
    }

    /// One line of where the environment's events go, then what is wrong or unconfirmed.
    func render(_ notifications: NotificationStatus) -> [String] {
        var targets: [String] = notifications.email.map { email in
            email.confirmed ? "\(style.green("✓")) \(email.address)" : "\(style.yellow("↻")) \(email.address) \(style.yellow("(unconfirmed)"))"
        }
        if let webhook = notifications.webhook {
            let usable = webhook.connectionState == "AUTHORIZED" && webhook.destinationState == "ACTIVE"
            targets.append(usable ? "\(style.green("✓")) webhook" : "\(style.red("✗")) webhook \(webhook.connectionState ?? "missing")")
        }
        var lines = ["  notifications  " + targets.joined(separator: "  ") + style.dim(" · on \(notifications.events.joined(separator: ", "))")]
        for problem in notifications.problems {
            lines += wrap(problem, prefix: "    \(style.red("✗")) ", indent: 6)
        }
        for settling in notifications.settling {
            lines += wrap(settling, prefix: "    \(style.yellow("↻")) ", indent: 6)
        }
        return lines
    }

    /// Words of `text` after `prefix`, wrapped to the terminal's width with `indent` spaces before
    /// each further line; one line when the width is unknown.
    private func wrap(_ text: String, prefix: String, indent: Int) -> [String] {
        guard let width, width > indent + 20 else { return [prefix + text] }
        var lines: [String] = []
        var line = prefix
        var visible = Self.visibleCount(prefix)
        var lineStart = true
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !lineStart && visible + 1 + word.count > width {
                lines.append(line)
                line = String(repeating: " ", count: indent)
                visible = indent
                lineStart = true
            }
            if !lineStart {
                line += " "
                visible += 1
            }
            line += word
            visible += word.count
            lineStart = false
        }
        lines.append(line)
        return lines
    }

    /// Cuts a line to the terminal's width (counting what is visible, not colour codes).
    private func fit(_ line: String) -> String {
        guard let width else { return line }
        let visible = Self.visibleCount(line)
        guard visible > width, width > 10 else { return line }
        var kept = ""
        var count = 0
        var inEscape = false
        for character in line {
            if character == "\u{1B}" { inEscape = true }
            if inEscape {
                kept.append(character)
                if character == "m" { inEscape = false }
                continue
            }
            if count == width - 1 { break }
            kept.append(character)
            count += 1
        }
        return kept + "…" + (style.color ? "\u{1B}[0m" : "")
    }

    private func clip(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    static func visibleCount(_ line: String) -> Int {
        var count = 0
        var inEscape = false
        for character in line {
            if character == "\u{1B}" { inEscape = true; continue }
            if inEscape { if character == "m" { inEscape = false }; continue }
            count += 1
        }
        return count
    }
}
