import AWSCore
import Foundation

/// The local AWS emulator (moto's server with signature checks on) that integration tests
/// run against. The first test that asks starts it; it stops when the test process ends.
/// Set `SLIPWAY_EMULATOR_ENV` to the env file of an emulator that is already running to reuse it.
public actor Emulator {
    public static let shared = Emulator()

    /// One start for the whole process: an actor is reentrant at `await`, so concurrent first
    /// callers must share this task rather than each launching an emulator of its own.
    private var starting: Task<EmulatorConnection, any Error>?

    public func connection() async throws -> EmulatorConnection {
        if let starting { return try await starting.value }
        let task = Task { try await Self.start() }
        starting = task
        return try await task.value
    }

    private static func start() async throws -> EmulatorConnection {
        let environment = ProcessInfo.processInfo.environment
        if let given = environment["SLIPWAY_EMULATOR_ENV"], !given.isEmpty {
            return try EmulatorConnection(envFile: given)
        }
        return try EmulatorConnection(envFile: try await launch(name: "slipway-emulator-\(getpid())"))
    }

    /// An emulator of its own for a test that moves the emulator's clock, which every simulated
    /// run, settling window and lock of the shared one goes by. It stops when the process ends.
    public static func dedicated() async throws -> EmulatorConnection {
        try EmulatorConnection(envFile: try await launch(name: "slipway-emulator-\(getpid())-\(UUID().uuidString.prefix(8))"))
    }

    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Starts `emulator/server.py` under a watchdog shell that stops it when this process exits.
    private static func launch(name: String) async throws -> String {
        let root = repositoryRoot.path
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let envFile = directory.appendingPathComponent("env").path
        // A file left by an earlier process with the same id would point at a dead emulator.
        try? FileManager.default.removeItem(atPath: envFile)
        let log = directory.appendingPathComponent("emulator.log").path
        let script = """
        set -e
        cd '\(root)'
        [ -x .venv/bin/python ] || bash emulator/install.sh >'\(log)' 2>&1
        .venv/bin/python emulator/server.py --port 0 --env-file '\(envFile)' >>'\(log)' 2>&1 &
        server=$!
        trap 'kill $server 2>/dev/null' EXIT
        while kill -0 \(getpid()) 2>/dev/null && kill -0 $server 2>/dev/null; do sleep 1; done
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.runWithSignalsUnblocked()

        try? await eventually("the emulator writing \(envFile)", timeout: .seconds(120)) {
            FileManager.default.fileExists(atPath: envFile) || !process.isRunning
        }
        if FileManager.default.fileExists(atPath: envFile) { return envFile }
        let tail = (try? String(contentsOfFile: log, encoding: .utf8))?.split(separator: "\n").suffix(20).joined(separator: "\n") ?? ""
        throw EmulatorUnavailable(reason: "the emulator did not start (log \(log)):\n\(tail)")
    }
}

public struct EmulatorUnavailable: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { "integration tests need the local AWS emulator: \(reason)" }
}
