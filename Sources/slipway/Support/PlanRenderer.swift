import SlipwayEngine

/// Renders a plan the way Terraform does: `+` create, `~` update with `old -> new`,
/// `-` delete, `-/+` replace with the field that forces it, and a summary line.
struct PlanRenderer {
    let color: Bool

    func render(_ plan: Plan) -> String {
        var text = ""
        for change in plan.pending {
            text += line(change)
        }
        if plan.hasChanges { text += "\n" }
        text += plan.summary + "\n"
        return text
    }

    private func line(_ change: PlannedChange) -> String {
        let mark = paint(change.action.symbol, for: change.action)
        var text = "\(mark) \(change.address)\n"
        switch change.action {
        case .create:
            for field in change.changes {
                text += "      \(field.name) = \(field.newDisplay)\n"
            }
        case .update, .replace:
            for field in change.changes {
                let forces = field.forcesReplacement ? paint(" (forces replacement)", for: .replace) : ""
                text += "      \(field.name): \(field.oldDisplay) -> \(field.newDisplay)\(forces)\n"
            }
        case .delete, .noChange:
            break
        }
        return text
    }

    private func paint(_ text: String, for action: ChangeAction) -> String {
        guard color else { return text }
        let code = switch action {
        case .create: "32"
        case .update: "33"
        case .replace: "35"
        case .delete: "31"
        case .noChange: "0"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
