import AWSSigV4
import AWSCore

/// A digest of the fields Slipway wrote to a resource, kept in the tag `slipway:fingerprint`, so
/// that a plan can confirm from a listing, without reading the resource, that it is still what
/// was written: a pipeline's tag also names the pipeline version it was written at (any change
/// to a pipeline raises its version), a task definition revision never changes. Tags and
/// write-only fields (a token) are left out: the digest holds nothing secret.
enum Fingerprint {
    static let tagKey = "slipway:fingerprint"

    static func of(_ fields: [Field]) -> String {
        var text = ""
        for field in fields where field.id != .tags && !field.id.writeOnly {
            text += field.id.label + "\u{1F}" + encoded(field.value) + "\u{1E}"
        }
        return String(SHA256Digest.hex(of: Array(text.utf8)).prefix(32))
    }

    /// A value with its kind, its parts apart (no `a, b` ambiguity between a list and a scalar).
    private static func encoded(_ value: FieldValue?) -> String {
        switch value {
        case nil: "-"
        // Typed scalars digest as the text they show, so digests written before they had types hold.
        case .scalar, .integer, .boolean, .seconds, .countWithin: "s" + (value?.text ?? "")
        case .document(let text): "d" + text
        case .list(let items): "l" + items.joined(separator: "\u{1D}")
        case .map(let entries): "m" + entries.sorted { $0.key < $1.key }.map { $0.key + "\u{1C}" + $0.value }.joined(separator: "\u{1D}")
        }
    }
}
