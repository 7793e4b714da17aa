/// ANSI colours and weights for text on a terminal; every method returns the text unchanged
/// when colour is off (not a terminal, NO_COLOR, --no-color, TERM=dumb).
struct Style: Sendable {
    let color: Bool

    func green(_ text: String) -> String { paint(text, "32") }
    func red(_ text: String) -> String { paint(text, "31") }
    func yellow(_ text: String) -> String { paint(text, "33") }
    func cyan(_ text: String) -> String { paint(text, "36") }
    func magenta(_ text: String) -> String { paint(text, "35") }
    func bold(_ text: String) -> String { paint(text, "1") }
    func dim(_ text: String) -> String { paint(text, "2") }

    private func paint(_ text: String, _ code: String) -> String {
        color && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
