import Dispatch
import SlipwayEngine
#if canImport(Glibc)
import Glibc
#endif

/// The first Ctrl-C stops an apply between steps (what is in flight finishes); a second one exits at once.
final class InterruptHandler {
    private let source: any DispatchSourceSignal

    init(stopping signal: StopSignal) {
        Glibc.signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let count = InterruptCount()
        source.setEventHandler {
            Task {
                if await count.increment() > 1 { Glibc.exit(130) }
                Terminal.writeError("\nInterrupted: letting the changes under way finish; press Ctrl-C again to exit now.\n")
                await signal.stop()
            }
        }
        source.resume()
        self.source = source
    }

    deinit {
        source.cancel()
    }
}

private actor InterruptCount {
    var value = 0
    func increment() -> Int {
        value += 1
        return value
    }
}
