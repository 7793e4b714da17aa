#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to stdout and stderr, and whether they are terminals that may get colour.
enum Terminal {
    static func write(_ text: String) {
        writeAll(text, to: 1)
    }

    static func writeError(_ text: String) {
        writeAll(text, to: 2)
    }

    /// Unbuffered, so stdout and stderr interleave as they happen.
    private static func writeAll(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }

    static var stdoutIsTerminal: Bool { isatty(1) == 1 }
    static var stderrIsTerminal: Bool { isatty(2) == 1 }
    static var stdinIsTerminal: Bool { isatty(0) == 1 }

    /// Colour only on a terminal, never with NO_COLOR or --no-color.
    static func colorEnabled(noColorFlag: Bool, variables: [String: String], forStderr: Bool = false) -> Bool {
        if noColorFlag { return false }
        if let value = variables["NO_COLOR"], !value.isEmpty { return false }
        if variables["TERM"] == "dumb" { return false }
        return forStderr ? stderrIsTerminal : stdoutIsTerminal
    }
}
