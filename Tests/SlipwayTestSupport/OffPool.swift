import Foundation

/// Runs blocking work (a socket read, `waitUntilExit`, a pipe read to its end) on a Dispatch
/// thread. Swift's cooperative pool has one thread per core, two on CI: blocking them starves
/// the very tasks (a local server's handler, another test's request) that would unblock the work.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
