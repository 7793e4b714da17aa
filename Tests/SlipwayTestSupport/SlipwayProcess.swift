import Foundation

/// Runs the built `slipway` executable as a user would, capturing stdout, stderr and the exit status.
public enum SlipwayProcess {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The debug build beside the test bundle (`swift build --build-tests` builds it).
    public static var executable: URL {
        Emulator.repositoryRoot.appendingPathComponent(".build/debug/slipway")
    }

    /// Runs to the end. The blocking waits happen on a Dispatch thread, never on the small
    /// cooperative pool that every other test shares.
    public static func run(_ arguments: [String], environment: [String: String], directory: String? = nil, input: String? = nil) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    continuation.resume(returning: try runBlocking(arguments, environment: environment, directory: directory, input: input))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private static func runBlocking(_ arguments: [String], environment: [String: String], directory: String?, input: String?) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin", "HOME": FileManager.default.temporaryDirectory.path], uniquingKeysWith: { first, _ in first })
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) { errData = stderr.fileHandleForReading.readDataToEndOfFile() }
        let outData = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}

extension SlipwayProcess {
    /// Starts the executable without waiting, its output discarded: for tests that kill it midway.
    public static func start(_ arguments: [String], environment: [String: String], directory: String) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin", "HOME": FileManager.default.temporaryDirectory.path], uniquingKeysWith: { first, _ in first })
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}
