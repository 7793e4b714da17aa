/// The entries of a name-keyed section (environments, services) as far as they could be read.
struct NamedEntries<Entry: Sendable>: Sendable {
    /// Every entry, or nil when one of them (or the section) has a problem.
    var parsed: [Entry]?
    /// The keys that are valid names, even where their settings are not, so later checks can use them.
    var declaredNames: [Located<String>]
}
