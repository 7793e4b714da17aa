#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Terminal {
    /// The terminal's width in columns, or nil when the descriptor is not a terminal.
    static func columns(of descriptor: Int32 = 1) -> Int? {
        guard isatty(descriptor) == 1 else { return nil }
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Clears the screen and puts the cursor home, for redrawing (`status --watch`).
    static let clearScreen = "\u{1B}[H\u{1B}[2J\u{1B}[3J"
}
