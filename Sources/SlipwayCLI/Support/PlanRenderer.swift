import SlipwayEngine

/// Renders a plan the way Terraform does: `+` create, `~` update with `old -> new`,
/// `-` delete, `-/+` replace with the field that forces it, and a summary line. One rendering
/// per kind of field: JSON documents indented under their field and diffed by line, lists by
/// element, maps by key, secrets never in clear.
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
                if let new = field.new, field.kind == .document, !field.sensitive {
                    text += "      \(field.name) =\n"
                    text += DocumentText.lines(new.text).map { "          \($0)\n" }.joined()
                } else {
                    text += "      \(field.name) = \(field.newDisplay)\n"
                }
            }
        case .update, .replace:
            text += changedFields(change.changes)
        case .delete, .noChange:
            break
        }
        return text
    }

    /// The fields of an update (a plan's, or a rollback's task definition), one rendering per kind.
    func changedFields(_ changes: [FieldChange]) -> String {
        var text = ""
        for field in changes {
            let forces = field.forcesReplacement ? paint(" (forces replacement)", for: .replace) : ""
            if field.kind == .document, !field.sensitive {
                text += "      \(field.name):\(forces)\n"
                text += documentDiff(old: field.old?.text, new: field.new?.text)
            } else if let elements = field.elementChanges {
                text += "      \(field.name):\(forces)\n"
                text += elementDiff(elements, kind: field.kind)
            } else {
                text += "      \(field.name): \(field.oldDisplay) -> \(field.newDisplay)\(forces)\n"
            }
        }
        return text
    }

    /// A list's elements or a map's keys that changed, `+`, `-` and `~` in the margin.
    private func elementDiff(_ elements: [ElementChange], kind: FieldKind) -> String {
        func entry(_ key: String, _ value: String?) -> String { value.map { "\(key) = \($0)" } ?? (kind == .map ? "\(key) = (sensitive)" : key) }
        return elements.map { element in
            switch element {
            case .added(let key, let value): paint("        + \(entry(key, value))", for: .create) + "\n"
            case .removed(let key, let value): paint("        - \(entry(key, value))", for: .delete) + "\n"
            case .changed(let key, let old, let new): paint("        ~ \(key): \(old) -> \(new)", for: .update) + "\n"
            case .unchanged(let count):
                "          " + style.dim("# (\(count) unchanged \(Self.noun(kind, count)) hidden)") + "\n"
            }
        }.joined()
    }

    private static func noun(_ kind: FieldKind, _ count: Int) -> String {
        switch (kind, count) {
        case (.map, 1): "entry"
        case (.map, _): "entries"
        case (_, 1): "element"
        default: "elements"
        }
    }

    /// The changed lines of a document with two lines of context, `-` and `+` in the margin.
    private func documentDiff(old: String?, new: String?) -> String {
        // "(none)": the live resource has no such document yet.
        let before = old.flatMap { $0 == "(none)" ? nil : DocumentText.lines($0) } ?? []
        let after = new.map(DocumentText.lines) ?? []
        let diff = LineDiff.diff(before, after)
        // Equal once pretty-printed: only the text differed (key order, spacing).
        guard diff.contains(where: { if case .hidden = $0 { false } else if case .same = $0 { false } else { true } }) else {
            return "          " + style.dim("# (the same document, written differently)") + "\n"
        }
        return diff.map { line in
            switch line {
            case .same(let text): "          \(text)\n"
            case .removed(let text): paint("        - \(text)", for: .delete) + "\n"
            case .added(let text): paint("        + \(text)", for: .create) + "\n"
            case .hidden(let count): "          " + style.dim("# (\(count) unchanged line\(count == 1 ? "" : "s") hidden)") + "\n"
            }
        }.joined()
    }

    private var style: Style { Style(color: color) }

    private func paint(_ text: String, for action: ChangeAction) -> String {
        switch action {
        case .create: style.green(text)
        case .update: style.yellow(text)
        case .replace: style.magenta(text)
        case .delete: style.red(text)
        case .noChange: text
        }
    }

    /// `Web services answer on:` and one line per service, after the summary.
    func render(_ addresses: [WebAddress]) -> String {
        guard !addresses.isEmpty else { return "" }
        let width = addresses.map { "\($0.environment)/\($0.service)".count }.max() ?? 0
        let lines = addresses.map { address in
            "  " + "\(address.environment)/\(address.service)".padding(toLength: width, withPad: " ", startingAt: 0) + "  " + style.cyan(address.text)
        }
        return "\nWeb services answer on:\n" + lines.joined(separator: "\n") + "\n"
    }
}
