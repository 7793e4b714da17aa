import Foundation

extension Process {
    /// Starts the process with no signal blocked. Foundation's `run()` hands the calling thread's
    /// signal mask to the child, and Dispatch's worker threads (the cooperative pool's, `offPool`'s)
    /// block nearly every signal: a child started there would ignore SIGTERM and SIGINT for its
    /// whole life (emulators that outlived their tests, a proxy that never stopped).
    public func runWithSignalsUnblocked() throws {
        var none = sigset_t(), previous = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try run()
    }
}
