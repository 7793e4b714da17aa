import AWSCore
import Foundation
import SlipwayConfig
import SlipwayEngine
#if canImport(Glibc)
import Glibc
#endif

/// The app's lock held around a command that writes: taken (waiting as `--lock-timeout` says),
/// renewed every 30 seconds, freed however the command ends (SIGINT and SIGTERM included). A
/// lock found taken over stops the apply before its next change.
final class LockSession: Sendable {
    let lock: AppLock
    let stop = StopSignal()
    let interrupts: InterruptHandler
    private let wait: Duration
    /// False with --no-lock: the command writes without the lock.
    let takesLock: Bool
    private let style: Style
    private let heartbeat = HeartbeatSlot()

    private init(lock: AppLock, wait: Duration, takesLock: Bool, style: Style) {
        self.lock = lock
        self.wait = wait
        self.takesLock = takesLock
        self.style = style
        self.interrupts = InterruptHandler(stopping: stop, freeing: { _ = try? await lock.release() })
    }

    /// Runs `body` holding the app's lock, taken before it starts. An app with no artifact bucket
    /// yet (its first apply) has nowhere to lock: `body` then starts without it (see `takeNow`).
    static func around(_ session: AppSession, command: String, lockOptions: LockOptions, options: GlobalOptions,
                       _ body: (LockSession) async throws -> Void) async throws {
        let record = LockRecord(id: UUID().uuidString.lowercased(), app: session.file.app.value, command: command,
                                caller: session.callerARN, host: hostName, pid: Int(getpid()), since: Date(), version: VersionText.version)
        let bucket = session.file.names.artifactBucket(account: session.account, region: session.client.region)
        let style = Style(color: Terminal.colorEnabled(noColorFlag: options.noColor, variables: options.variables, forStderr: true))
        let locked = LockSession(lock: AppLock(client: session.client, bucket: bucket, record: record), wait: lockOptions.wait, takesLock: lockOptions.takesLock, style: style)
        _ = try await locked.takeNow()
        do {
            try await body(locked)
        } catch {
            await locked.end()
            throw error
        }
        await locked.end()
    }

    var isHeld: Bool { get async { await lock.isHeld } }

    /// An app's first apply has no bucket to hold the lock yet: it makes the bucket first (unless it runs with --no-lock).
    var needsBucketFirst: Bool {
        get async {
            guard takesLock else { return false }
            return await !lock.isHeld
        }
    }

    /// Takes the lock (if there is a bucket to hold it), and says whether that meant waiting for
    /// another run or taking over a stale lock: then what the command read before may be out of date.
    @discardableResult
    func takeNow() async throws -> Bool {
        guard takesLock else { return false }
        let style = style
        let waitedFor = WaitedFlag()
        let taken = try await lock.take(waitingUpTo: wait) { holder in
            waitedFor.set()
            Terminal.writeError("Waiting for the app's lock: \(holder.summary)…\n")
        }
        switch taken {
        case .noBucket:
            return false
        case .tookOver(let holder):
            Terminal.writeError(style.yellow("Took over a stale lock:") + " \(holder.record.command) by \(holder.record.caller) on \(holder.record.host) "
                + "(pid \(holder.record.pid), lock ID \(holder.record.id)) last renewed \(DurationText.describe(Int(holder.idle))) ago.\n")
            await startRenewing()
            return true
        case .taken:
            await startRenewing()
            return waitedFor.value
        }
    }

    private func startRenewing() async {
        let (lock, stop) = (lock, stop)
        await heartbeat.set(Task { await lock.keepRenewing { error in await stop.stop(reason: error.description) } })
    }

    /// Stops renewing and lets the lock go without deleting it (destroy's last step deletes the bucket with it).
    func relinquish() async {
        await heartbeat.cancel()
        await lock.relinquish()
    }

    /// Stops renewing and frees the lock; a failure to free it is said, with how to free it by hand.
    func end() async {
        await heartbeat.cancel()
        do {
            try await lock.release()
        } catch {
            Terminal.writeError(style.yellow("Warning:") + " could not free the app's lock (\(error)); free it with 'slipway unlock \(await lock.id)'.\n")
        }
    }

    private static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The renewing task, cancelled when the command ends.
private actor HeartbeatSlot {
    var task: Task<Void, Never>?
    func set(_ task: Task<Void, Never>) {
        self.task?.cancel()
        self.task = task
    }
    /// Cancels the renewing and waits for a renewal on its way, so that its write never lands after the lock is freed.
    func cancel() async {
        guard let task else { return }
        self.task = nil
        task.cancel()
        await task.value
    }
}

private final class WaitedFlag: @unchecked Sendable {
    private let mutex = NSLock()
    private var waited = false
    func set() { mutex.withLock { waited = true } }
    var value: Bool { mutex.withLock { waited } }
}
