import Foundation
import SlipwayTestSupport

/// The `slipway` executable of the build these tests belong to. `SlipwayProcess.executable` is
/// fixed to `.build/debug/slipway`, which is another build (or stale) when the tests were built
/// with `--scratch-path`; the binary beside the running test bundle is this build's own.
enum BuiltSlipway {
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // The test bundle may be a directory (`X.xctest/...`) on some platforms.
        while directory.pathExtension == "xctest" || directory.lastPathComponent == "Contents" || directory.lastPathComponent == "MacOS" {
            directory = directory.deletingLastPathComponent()
        }
        let beside = directory.appendingPathComponent("slipway")
        return FileManager.default.isExecutableFile(atPath: beside.path) ? beside : SlipwayProcess.executable
    }

    /// Runs it as `SlipwayProcess.run` does: no terminal, its own HOME, the given environment only.
    struct Result: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String], directory: String? = nil) async throws -> Result {
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
        try stdin.fileHandleForWriting.close()
        async let out = Task.detached { stdout.fileHandleForReading.readDataToEndOfFile() }.value
        async let err = Task.detached { stderr.fileHandleForReading.readDataToEndOfFile() }.value
        let (outData, errData) = await (out, err)
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}
