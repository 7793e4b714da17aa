import Foundation

/// Runs the built `slipway` executable (or any program) as a user would, capturing stdout,
/// stderr and the exit status. Every blocking wait happens off the cooperative pool.
public enum SlipwayProcess {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// `slipway` of the build the running test bundle belongs to (any `--scratch-path`), else `.build/debug`.
    public static var executable: URL {
        builtExecutable("slipway") ?? Emulator.repositoryRoot.appendingPathComponent(".build/debug/slipway")
    }

    /// The product `name` built beside the running test bundle, if there is one.
    public static func builtExecutable(_ name: String) -> URL? {
        let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// What a child gets besides `environment`: a plain PATH and a HOME without a real `~/.aws`.
    static func childEnvironment(_ environment: [String: String]) -> [String: String] {
        environment.merging(["PATH": "/usr/bin:/bin", "HOME": FileManager.default.temporaryDirectory.path], uniquingKeysWith: { first, _ in first })
    }

    /// Runs `slipway` to the end with only `environment` (no terminal), `input` on stdin.
    public static func run(_ arguments: [String], environment: [String: String], directory: String? = nil, input: String? = nil) async throws -> Result {
        try await runProgram(executable, arguments, environment: childEnvironment(environment), directory: directory, input: input)
    }

    /// Runs any program to the end; a nil `environment` inherits the test's own.
    public static func runProgram(_ program: URL, _ arguments: [String], environment: [String: String]? = nil,
                                  directory: String? = nil, input: String? = nil) async throws -> Result {
        try await offPool {
            let process = Process()
            process.executableURL = program
            process.arguments = arguments
            if let environment { process.environment = environment }
            if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
            let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
            process.standardOutput = stdout
            process.standardError = stderr
            process.standardInput = stdin
            try process.runWithSignalsUnblocked()
            if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
            try stdin.fileHandleForWriting.close()
            let group = DispatchGroup()
            nonisolated(unsafe) var errData = Data()
            DispatchQueue.global().async(group: group) { errData = stderr.fileHandleForReading.readDataToEndOfFile() }
            let outData = stdout.fileHandleForReading.readDataToEndOfFile()
            group.wait()
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self))
        }
    }

    /// Waits for a started process to end, off the cooperative pool; its exit status as a shell
    /// reports it (128 + the signal's number when a signal ended it).
    public static func waitForExit(_ process: Process) async throws -> Int32 {
        try await offPool {
            process.waitUntilExit()
            return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        }
    }
}

extension SlipwayProcess {
    /// Starts the executable without waiting, for tests that signal it midway; stdout and stderr
    /// go to `output` (a file path) if given, else nowhere.
    public static func start(_ arguments: [String], environment: [String: String], directory: String, output: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = childEnvironment(environment)
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var outputHandle: FileHandle?
        if let output {
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            outputHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            process.standardOutput = outputHandle
            process.standardError = outputHandle
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        process.standardInput = FileHandle.nullDevice
        try process.runWithSignalsUnblocked()
        try outputHandle?.close()  // the child has its own copy
        return process
    }
}
