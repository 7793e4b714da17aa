import AWSCore
import ArgumentParser

/// Runs a command's body and turns any error into one clear line on stderr and an exit code,
/// never a stack trace.
enum CommandRunner {
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let exit as ExitCode {
            throw exit
        } catch let usage as ValidationError {
            // A usage error found only once the command runs (a flag's value that does not fit the file).
            Terminal.writeError("slipway: error: \(usage.message)\n")
            throw ExitCode(ExitCodes.usage)
        } catch is CancellationError {
            Terminal.writeError("slipway: interrupted\n")
            throw ExitCode(ExitCodes.interrupted)
        } catch {
            Terminal.writeError("slipway: error: \(describe(error))\n")
            throw ExitCode(ExitCodes.failure)
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as CustomStringConvertible: return error.description
        default: return String(describing: error)
        }
    }
}
