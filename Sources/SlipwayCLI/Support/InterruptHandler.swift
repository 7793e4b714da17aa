import Dispatch
import SlipwayEngine
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM while a command holds the app's lock. Once an apply has started the first
/// one stops it between steps (what is in flight finishes); before that, and on a second signal,
/// the command frees the lock and exits at once. (Unchecked: the sources are only cancelled, in deinit.)
final class InterruptHandler: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    private let state = InterruptState()

    init(stopping signal: StopSignal, freeing free: @escaping @Sendable () async -> Void) {
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [state] in
                Task {
                    let (count, applying) = await state.received()
                    if count == 1 && applying {
                        Terminal.writeError("\nInterrupted: letting the changes under way finish; press Ctrl-C again to exit now.\n")
                        await signal.stop()
                        return
                    }
                    // Freeing the lock is one or two requests; a network that hangs does not keep the process.
                    let exit = Task.detached {
                        try? await Task.sleep(for: .seconds(5))
                        Glibc.exit(ExitCodes.interrupted)
                    }
                    await free()
                    Terminal.writeError("\nslipway: interrupted\n")
                    withExtendedLifetime(exit) { Glibc.exit(ExitCodes.interrupted) }
                }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// From now on an Applier honours the stop signal (and the command ends through its summary).
    func applying() async { await state.setApplying() }

    /// Ctrl-C behaves as before again (release --wait, once its write is done, can be stopped as usual).
    deinit {
        for source in sources { source.cancel() }
        for number in [SIGINT, SIGTERM] { Glibc.signal(number, SIG_DFL) }
    }
}

private actor InterruptState {
    var count = 0
    var applying = false
    func received() -> (Int, Bool) {
        count += 1
        return (count, applying)
    }
    func setApplying() { applying = true }
}
