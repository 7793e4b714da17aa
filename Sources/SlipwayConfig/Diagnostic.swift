/// A problem found while reading the file, before it is tied to the file's name.
struct Diagnostic: Sendable, Hashable {
    let position: SourcePosition
    let message: String
}
