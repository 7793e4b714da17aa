import AWSCore
import SlipwayEngine

/// A plan on stdout, as text or as stable JSON.
enum PlanOutput {
    struct JSONChange: Encodable {
        /// A document's old and new values are JSON themselves; other values are strings.
        struct JSONField: Encodable {
            let name: String
            let kind: String
            let old: JSONValue?
            let new: JSONValue?
            let forcesReplacement: Bool
        }
        let action: String
        let kind: String
        let name: String
        let fields: [JSONField]
    }

    /// A document as parsed JSON (when it is JSON and not sensitive), anything else as a string.
    static func value(_ display: String, _ field: FieldChange) -> JSONValue {
        guard field.kind == .document, !field.sensitive, let document = try? JSONValue.parse(Array(display.utf8)) else { return .string(display) }
        return document
    }

    /// The plan's `--output json` document.
    static func document(_ plan: Plan) throws -> String {
        let changes = plan.pending.map { change in
            JSONChange(
                action: change.action.rawValue, kind: change.address.kind.rawValue, name: change.address.name,
                fields: change.changes.map { field in
                    .init(name: field.name, kind: field.kind.rawValue,
                          old: field.old == nil ? nil : value(field.oldDisplay, field), new: field.new == nil ? nil : value(field.newDisplay, field),
                          forcesReplacement: field.forcesReplacement)
                })
        }
        return try JSONOutput.text(["changes": changes])
    }

    static func print(_ plan: Plan, options: GlobalOptions) throws {
        switch options.output {
        case .json:
            Terminal.write(try document(plan) + "\n")
        case .text:
            let color = Terminal.colorEnabled(noColorFlag: options.noColor, environment: options.variables)
            Terminal.write(PlanRenderer(color: color).render(plan))
        }
    }
}
