import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Hands SIGINT and SIGTERM to a handler, with how many have come, instead of ending the process;
/// the default behaviour comes back when it goes. (Unchecked: the sources are only cancelled, in deinit.)
final class SignalWatcher: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable (_ signal: Int32, _ count: Int) async -> Void) {
        let counter = SignalCounter()
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            Glibc.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                Task { await handler(number, await counter.next()) }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    deinit {
        for source in sources { source.cancel() }
        for number in [SIGINT, SIGTERM] { Glibc.signal(number, SIG_DFL) }
    }
}

private actor SignalCounter {
    var count = 0
    func next() -> Int {
        count += 1
        return count
    }
}
