import AWSCore
import SlipwayEngine

/// A plan on stdout, as text or as stable JSON.
enum PlanOutput {
    struct JSONChange: Encodable {
        /// Old and new values are JSON of the field's kind (see `value`).
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

    /// A value as JSON of its kind: a string, a list, an object, or a document parsed (when it
    /// is JSON); a sensitive value is `"(sensitive)"`, a sensitive map keeps its keys.
    static func value(_ value: FieldValue, sensitive: Bool) -> JSONValue {
        switch value {
        // Typed scalars stay strings, as the plan shows them: the JSON plan's format is stable.
        case .scalar, .integer, .boolean, .seconds, .countWithin: .string(sensitive ? "(sensitive)" : value.text)
        case .list(let items): sensitive ? .string("(sensitive)") : .array(items.map(JSONValue.string))
        case .map(let entries): .object(entries.mapValues { .string(sensitive ? "(sensitive)" : $0) })
        case .document(let text):
            sensitive ? .string("(sensitive)") : ((try? JSONValue.parse(Array(text.utf8))) ?? .string(text))
        }
    }

    /// The plan's `--output json` document.
    static func document(_ plan: Plan, addresses: [WebAddress] = [], warnings: [PreflightWarning] = []) throws -> String {
        let changes = plan.pending.map { change in
            JSONChange(
                action: change.action.rawValue, kind: change.address.kind.rawValue, name: change.address.name,
                fields: change.changes.map { field in
                    .init(name: field.name, kind: field.kind.rawValue,
                          old: field.old.map { value($0, sensitive: field.sensitive) }, new: field.new.map { value($0, sensitive: field.sensitive) },
                          forcesReplacement: field.forcesReplacement)
                })
        }
        return try JSONOutput.text(PlanDocument(changes: changes, webAddresses: addresses.isEmpty ? nil : addresses,
                                                warnings: warnings.isEmpty ? nil : warnings))
    }

    /// `webAddresses` and `warnings` appear only when there are some.
    struct PlanDocument: Encodable {
        let changes: [JSONChange]
        let webAddresses: [WebAddress]?
        let warnings: [PreflightWarning]?
    }

    static func print(_ plan: Plan, addresses: [WebAddress] = [], warnings: [PreflightWarning] = [], options: GlobalOptions) throws {
        printWarnings(warnings, options: options)
        switch options.output {
        case .json:
            Terminal.write(try document(plan, addresses: addresses, warnings: warnings) + "\n")
        case .text:
            let color = Terminal.colorEnabled(noColorFlag: options.noColor, variables: options.variables)
            Terminal.write(PlanRenderer(color: color).render(plan) + PlanRenderer(color: color).render(addresses))
        }
    }

    /// What the preflight found, on stderr before the plan, each with its fix.
    static func printWarnings(_ warnings: [PreflightWarning], options: GlobalOptions) {
        guard !warnings.isEmpty else { return }
        let style = Style(color: Terminal.colorEnabled(noColorFlag: options.noColor, variables: options.variables, forStderr: true))
        let lines = warnings.map { "\(style.yellow("Warning:")) \($0.resource): \($0.problem).\n  Fix: \($0.fix).\n" }
        Terminal.writeError(lines.joined() + "\n")
    }
}
