import Foundation
import SlipwayTestSupport
import Testing

/// What `status` and `apply` look like in a real terminal (a pseudo-terminal): colour, a prompt
/// that waits for "yes", lines cut to the terminal's width, `--watch` redrawing; and no colour
/// at all with NO_COLOR or --no-color.
struct TerminalOutputTests {
    static let escape = "\u{1B}["

    /// Keeps what the terminal showed, for the README and for a person to look at.
    static func keep(_ screen: PseudoTerminal.Screen, as name: String) {
        let path = NSTemporaryDirectory() + "slipway-terminal-\(name).txt"
        try? screen.raw.write(toFile: path, atomically: true, encoding: .utf8)
        try? screen.plain.write(toFile: path.replacingOccurrences(of: ".txt", with: "-plain.txt"), atomically: true, encoding: .utf8)
    }

    @Test func applyInATerminalAsksAndShowsColouredProgress() async throws {
        let stack = try await CLIStack.make("tapply")
        let screen = try await PseudoTerminal.run(["apply"], environment: stack.environment, directory: stack.directory,
                                                  input: "yes\r", waitFor: "Only 'yes' will be accepted: ")
        Self.keep(screen, as: "apply")
        #expect(screen.status == 0, "\(screen.plain.suffix(2000))")
        #expect(screen.raw.contains("\(Self.escape)32m+\(Self.escape)0m pipeline \(stack.app)-production-sciauth"), "a green + per resource to add")
        #expect(screen.plain.contains("Apply these changes to account 123456789012?\n  Only 'yes' will be accepted: yes"), "\(screen.plain.suffix(3000))")
        #expect(screen.raw.contains("\(Self.escape)32m  ✓\(Self.escape)0m created pipeline \(stack.app)-production-sciauth"), "green ticks as resources are made")
        #expect(screen.plain.contains("Apply complete: 60 resources changed."))

        // "no" changes nothing.
        let other = try await CLIStack.make("tno")
        let refused = try await PseudoTerminal.run(["apply"], environment: other.environment, directory: other.directory,
                                                   input: "no\r", waitFor: "Only 'yes' will be accepted: ")
        #expect(refused.status == 1)
        #expect(refused.plain.contains("slipway: error: cancelled; nothing was changed"))
    }

    @Test func statusInATerminalIsColouredAndFitsTheWidth() async throws {
        let stack = try await CLIStack.make("tstat", connectionStatus: "PENDING")
        try await stack.apply()
        try await stack.script(["ecsService": .string("\(stack.app)-development-scireg"), "failRollout": .string("tasks failed to start: CannotPullContainerError: pull image manifest has been retried 5 time(s)")])
        _ = try await stack.slipway(["release", "scireg", "--env", "development", "--wait"])
        _ = try await stack.slipway(["release", "sciauth", "--env", "development", "--wait"])
        _ = try await StatusCommandTests.settledStatus(stack)

        let width = 90
        let screen = try await PseudoTerminal.run(["status"], environment: stack.environment, directory: stack.directory, columns: width)
        Self.keep(screen, as: "status")
        #expect(screen.status == 0)
        #expect(screen.raw.contains("\(Self.escape)1m\(stack.app)\(Self.escape)0m · account"), "the app's name in bold")
        #expect(screen.raw.contains("\(Self.escape)32m✓\(Self.escape)0m \(Self.escape)32mSucceeded\(Self.escape)0m"), "a green run")
        #expect(screen.raw.contains("\(Self.escape)31m✗\(Self.escape)0m \(Self.escape)31mFailed\(Self.escape)0m"), "a red run")
        #expect(screen.raw.contains("\(Self.escape)33m!\(Self.escape)0m \(Self.escape)33mPENDING\(Self.escape)0m"), "a yellow pending connection")
        let lines = screen.plain.split(separator: "\n")
        // What failed wraps under its mark, whole; other lines are cut to the width.
        let problem = try #require(lines.firstIndex { $0.hasPrefix("    ✗ Deploy failed: ECS deployment") }, "\(screen.plain)")
        let continued = lines[(problem + 1)...].prefix { $0.hasPrefix("      ") && !$0.hasPrefix("       ") }
        let whole = ([lines[problem]] + continued).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(whole.contains("ECS deployment circuit breaker: tasks failed to start: CannotPullContainerError: pull image manifest has been retried 5 time(s). ECS is rolling the service back to"), "\(whole)")
        for line in lines {
            #expect(line.count <= width, "wider than the terminal: \(line)")
        }

        for (environment, arguments) in [(["NO_COLOR": "1"], ["status"]), ([:], ["status", "--no-color"])] {
            let plain = try await PseudoTerminal.run(arguments, environment: stack.environment.merging(environment, uniquingKeysWith: { $1 }),
                                                     directory: stack.directory, columns: width)
            #expect(plain.status == 0)
            #expect(!plain.raw.contains(Self.escape), "no colour with \(environment) \(arguments)")
            #expect(plain.plain.contains("✗ Deploy failed"))
        }
    }

    static let clearScreen = "\u{1B}[H\u{1B}[2J"

    @Test func statusWatchRedrawsUntilInterrupted() async throws {
        let stack = try await CLIStack.make("twatch")
        try await stack.apply()
        let screen = try await PseudoTerminal.run(["status", "--watch", "--interval", "0.3"], environment: stack.environment,
                                                  directory: stack.directory, interruptOn: (Self.clearScreen, 4))
        Self.keep(screen, as: "watch")
        let redraws = screen.raw.components(separatedBy: Self.clearScreen).count - 1
        #expect(redraws >= 3, "the screen is cleared and drawn again every interval: \(redraws)")
        #expect(screen.plain.contains("every 0.3s · Ctrl-C to stop"))
        #expect(screen.status == 130, "Ctrl-C ends it")
    }
}
