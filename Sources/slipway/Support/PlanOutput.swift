import SlipwayEngine

/// A plan on stdout, as text or as stable JSON.
enum PlanOutput {
    struct JSONChange: Encodable {
        struct JSONField: Encodable {
            let name: String
            let old: String?
            let new: String?
        }
        let action: String
        let kind: String
        let name: String
        let fields: [JSONField]
    }

    static func print(_ plan: Plan, options: GlobalOptions) throws {
        switch options.output {
        case .json:
            let changes = plan.pending.map { change in
                JSONChange(
                    action: change.action.rawValue, kind: change.address.kind.rawValue, name: change.address.name,
                    fields: change.changes.map {
                        .init(name: $0.name, old: $0.old == nil ? nil : $0.oldDisplay, new: $0.new == nil ? nil : $0.newDisplay)
                    })
            }
            try JSONOutput.print(["changes": changes])
        case .text:
            let color = Terminal.colorEnabled(noColorFlag: options.noColor, environment: options.environment)
            Terminal.write(PlanRenderer(color: color).render(plan))
        }
    }
}
