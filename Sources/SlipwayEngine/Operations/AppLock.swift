import AWSCore
import AWSServices
import SlipwayConfig

/// What the lock object says: who holds the app's lock, from where, for which command.
public struct LockRecord: Codable, Sendable, Equatable {
    public let id: String
    public let app: String
    public let command: String
    public let caller: String
    public let host: String
    public let pid: Int
    /// ISO 8601 UTC, by the holder's clock.
    public let since: String
    public var renewed: String
    public let version: String

    public init(id: String, app: String, command: String, caller: String, host: String, pid: Int, since: Date, version: String) {
        self.id = id
        self.app = app
        self.command = command
        self.caller = caller
        self.host = host
        self.pid = pid
        self.since = ISO8601Timestamp.format(since.wholeSeconds)
        self.renewed = self.since
        self.version = version
    }
}

/// The lock as one read found it, timed by S3's clock.
public struct LockHolder: Sendable {
    public let record: LockRecord
    public let etag: String
    /// The later of the record's `renewed` and the object's `LastModified`.
    public let lastRenewed: Date
    /// When S3 answered the read (its `Date`), so that no local clock decides staleness.
    public let readAt: Date

    public var idle: TimeInterval { max(0, readAt.timeIntervalSince(lastRenewed)) }
    public var isStale: Bool { idle > AppLock.staleAfter }
    public var heldFor: TimeInterval? { ISO8601Timestamp.parse(record.since).map { max(0, readAt.timeIntervalSince($0)) } }

    /// `apply by arn:… on build-7 (pid 4121), started 2m10s ago, renewed 12s ago`
    public var summary: String {
        let started = heldFor.map { "started \(DurationText.describe(Int($0))) ago" } ?? "started \(record.since)"
        return "\(record.command) by \(record.caller) on \(record.host) (pid \(record.pid)), \(started), renewed \(DurationText.describe(Int(idle))) ago"
    }

    static func read(_ object: S3.StoredObject) throws -> LockHolder {
        let record: LockRecord
        do {
            record = try JSONDecoder().decode(LockRecord.self, from: Data(object.body))
        } catch {
            throw LockError.unreadable(reason: "\(error)")
        }
        let renewed = ISO8601Timestamp.parse(record.renewed) ?? .distantPast
        let lastRenewed = max(renewed, object.lastModified ?? .distantPast)
        return LockHolder(record: record, etag: object.etag, lastRenewed: lastRenewed, readAt: object.serverDate ?? Date())
    }
}

public enum LockError: Error, CustomStringConvertible, Equatable {
    case held(LockHolder, waited: Bool)
    case lost(to: LockHolder?)
    case notThisLock(id: String, holder: LockHolder)
    case noLock(id: String)
    case renewedMeanwhile(LockHolder)
    case unreadable(reason: String)

    public static func == (lhs: LockError, rhs: LockError) -> Bool { lhs.description == rhs.description }

    public var description: String {
        switch self {
        case .held(let holder, let waited):
            let wayOn = waited ? "wait longer with a larger --lock-timeout" : "wait for it with --lock-timeout 10m"
            return "the app's lock (s3 object \(AppLock.key)) is held: \(holder.summary). "
                + "\(waited ? "Gave up waiting" : "Nothing was changed"); \(wayOn), or, if that run is gone, free it with 'slipway unlock \(holder.record.id)'"
        case .lost(let holder):
            let by = holder.map { "taken over by \($0.record.command) by \($0.record.caller) on \($0.record.host) (lock ID \($0.record.id))" } ?? "freed (slipway unlock)"
            return "the app's lock was \(by) while this command ran; it stopped before its next change. Run it again once the other run is done"
        case .notThisLock(let id, let holder):
            return "the app's lock has ID \(holder.record.id), not \(id): \(holder.summary); nothing was freed"
        case .noLock(let id):
            return "the app is not locked (no \(AppLock.key)); nothing to free for \(id)"
        case .renewedMeanwhile(let holder):
            return "the app's lock \(holder.record.id) was renewed while unlock read it: its run (\(holder.record.command) on \(holder.record.host), pid \(holder.record.pid)) is alive; nothing was freed"
        case .unreadable(let reason):
            return "the app's lock (\(AppLock.key)) cannot be read: \(reason); delete it with 'aws s3 rm' if no run holds it"
        }
    }
}

/// One apply at a time: an object in the app's artifact bucket, created with `If-None-Match: *`,
/// renewed with `If-Match` on its ETag, taken over when nobody renewed it for three minutes by
/// S3's clock, deleted when the command ends (see DESIGN.md "One apply at a time").
public actor AppLock {
    public static let key = "slipway/lock.json"
    public static let renewInterval: Duration = .seconds(30)
    public static let staleAfter: TimeInterval = 180

    /// What `take` found.
    public enum Taken: Sendable {
        case taken
        /// Nobody had renewed this lock for over three minutes.
        case tookOver(LockHolder)
        /// The app has no artifact bucket yet (its first apply), so nowhere to lock.
        case noBucket
    }

    let s3: S3
    public let bucket: String
    private(set) var record: LockRecord
    private var etag: String?
    private var lost = false
    private var releasing = false

    public init(client: AWSClient, bucket: String, record: LockRecord) {
        self.s3 = S3(client: client)
        self.bucket = bucket
        self.record = record
    }

    public var id: String { record.id }
    public var isHeld: Bool { etag != nil && !lost }

    /// Who holds the app's lock now, or nil (one read: what plan and status spend on it).
    public static func holder(client: AWSClient, bucket: String) async throws -> LockHolder? {
        try await S3(client: client).storedObject(Bucket: bucket, Key: key).map(LockHolder.read)
    }

    /// Takes the lock. While another run holds it, polls every `poll` (with jitter) for up to
    /// `wait`, telling `waiting` who holds it, then throws `LockError.held`.
    public func take(waitingUpTo wait: Duration = .zero, poll: Duration = .seconds(5),
                     waiting: @Sendable (LockHolder) -> Void = { _ in }) async throws -> Taken {
        let deadline = ContinuousClock.now + wait
        while true {
            do {
                try await write(condition: ("If-None-Match", "*"))
                return .taken
            } catch let error as AWSError where error.is(S3.ErrorCode.noSuchBucket) {
                return .noBucket
            } catch let error as AWSError where error.is(S3.ErrorCode.preconditionFailed, S3.ErrorCode.conditionalRequestConflict) {
                guard let holder = try await Self.holder(client: s3.client, bucket: bucket) else { continue }
                // Our own write, retried by the client after its reply was lost, holds it already.
                if holder.record.id == record.id {
                    etag = holder.etag
                    return .taken
                }
                if holder.isStale {
                    do {
                        try await write(condition: ("If-Match", holder.etag))
                        return .tookOver(holder)
                    } catch let error as AWSError where error.is(S3.ErrorCode.preconditionFailed, S3.ErrorCode.conditionalRequestConflict, S3.ErrorCode.noSuchKey) {
                        continue
                    }
                }
                guard ContinuousClock.now < deadline else { throw LockError.held(holder, waited: wait > .zero) }
                waiting(holder)
                let jitter = Duration.milliseconds(Int64.random(in: 0...Int64(poll.components.seconds * 200 + 1)))
                try await Task.sleep(for: min(poll + jitter, deadline - ContinuousClock.now + .milliseconds(10)))
            }
        }
    }

    /// Writes `renewed` again, on the condition that the lock is still ours; throws
    /// `LockError.lost` when it was taken over or freed.
    public func renew() async throws {
        guard let etag, !lost, !releasing else { return }
        do {
            try await write(condition: ("If-Match", etag))
        } catch let error as AWSError where error.is(S3.ErrorCode.preconditionFailed, S3.ErrorCode.noSuchKey, S3.ErrorCode.noSuchBucket) {
            lost = true
            throw LockError.lost(to: try? await Self.holder(client: s3.client, bucket: bucket))
        }
    }

    /// Renews every `interval` until its task is cancelled; the first renewal that finds the lock
    /// gone calls `onLost` and ends. A renewal that fails otherwise (the network) is tried again next time.
    public func keepRenewing(every interval: Duration = AppLock.renewInterval, onLost: @Sendable (LockError) async -> Void) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled else { return }
            do {
                try await renew()
            } catch let error as LockError {
                await onLost(error)
                return
            } catch {}
        }
    }

    /// Deletes the lock if it is still ours (a conditional delete on its ETag, which S3 has for
    /// general purpose buckets since September 2025); says whether it did. A renewal that landed
    /// while the delete was on its way (or whose reply was lost) changed the ETag: a lock that
    /// still carries our ID is ours, and is deleted on its new ETag.
    @discardableResult
    public func release() async throws -> Bool {
        guard var current = etag, !lost else { return false }
        releasing = true
        self.etag = nil
        for _ in 0..<3 {
            do {
                _ = try await s3.deleteObject(.init(Bucket: bucket, Key: Self.key, IfMatch: current))
                return true
            } catch let error as AWSError where error.is(S3.ErrorCode.preconditionFailed, S3.ErrorCode.conditionalRequestConflict) {
                guard let holder = try await Self.holder(client: s3.client, bucket: bucket), holder.record.id == record.id else { return false }
                current = holder.etag
            } catch let error as AWSError where error.is(S3.ErrorCode.noSuchKey, S3.ErrorCode.noSuchBucket) {
                return false
            }
        }
        return false
    }

    /// Lets go of the lock without deleting it: destroy, whose last step deletes the bucket and the lock with it.
    public func relinquish() {
        etag = nil
    }

    /// `slipway unlock ID`: frees the lock only when its ID is `id`; returns whose it was.
    public static func unlock(client: AWSClient, bucket: String, id: String) async throws -> LockHolder {
        guard let holder = try await holder(client: client, bucket: bucket) else { throw LockError.noLock(id: id) }
        guard holder.record.id == id else { throw LockError.notThisLock(id: id, holder: holder) }
        do {
            _ = try await S3(client: client).deleteObject(.init(Bucket: bucket, Key: key, IfMatch: holder.etag))
        } catch let error as AWSError where error.is(S3.ErrorCode.preconditionFailed) {
            throw LockError.renewedMeanwhile(holder)
        } catch let error as AWSError where error.is(S3.ErrorCode.noSuchKey) {
            throw LockError.noLock(id: id)
        }
        return holder
    }

    private func write(condition: (String, String)) async throws {
        record.renewed = ISO8601Timestamp.format(Date().wholeSeconds)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = Array(try encoder.encode(record))
        var request = S3.PutObjectRequest(Bucket: bucket, Key: Self.key)
        request.Body = body
        request.ContentType = "application/json"
        if condition.0 == "If-None-Match" { request.IfNoneMatch = condition.1 } else { request.IfMatch = condition.1 }
        let output = try await s3.putObject(request)
        etag = try output.ETag.required("ETag", S3.service, "PutObject", for: "object \(Self.key)")
    }
}

extension Date {
    var wholeSeconds: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}

extension LockRecord {
    /// "an apply", "a destroy".
    var commandWithArticle: String { (command.first.map { "aeiou".contains($0) } == true ? "an " : "a ") + command }
}

extension AppLock {
    /// What plan and status say when another run holds the lock (one read; a lock that cannot
    /// be read, or an app without its bucket, says nothing).
    public static func inProgressWarning(client: AWSClient, bucket: String) async -> PreflightWarning? {
        guard let found = try? await holder(client: client, bucket: bucket) else { return nil }
        guard !found.isStale else {
            return PreflightWarning(resource: "the app's lock (lock ID \(found.record.id))",
                                    problem: "\(found.record.commandWithArticle) stopped without freeing it: \(found.summary)",
                                    fix: "the next apply takes it over; nothing to do unless that run is still going")
        }
        return PreflightWarning(resource: "the app's lock (lock ID \(found.record.id))",
                                problem: "\(found.record.commandWithArticle) is in progress: \(found.summary); this plan may be out of date when it ends",
                                fix: "plan again when it is done, or, if that run is gone, free the lock with 'slipway unlock \(found.record.id)'")
    }
}
