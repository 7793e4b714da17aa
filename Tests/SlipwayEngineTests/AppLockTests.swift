import AWSCore
import AWSServices
import Foundation
@testable import SlipwayEngine
import SlipwayTestSupport
import Testing

/// The app's lock: staleness by S3's clock (pure), and taking, renewing, losing and freeing it
/// against the emulator's S3 with its conditional writes.
struct AppLockTests {
    static func record(_ id: String = UUID().uuidString.lowercased(), since: Date = Date()) -> LockRecord {
        LockRecord(id: id, app: "lockapp", command: "apply", caller: "arn:aws:iam::123456789012:user/ci", host: "runner-7", pid: 4121,
                   since: since, version: "0.2.0")
    }

    static func stored(_ record: LockRecord, lastModified: Date?, serverDate: Date) throws -> S3.StoredObject {
        S3.StoredObject(body: Array(try JSONEncoder().encode(record)), etag: "\"e1\"", lastModified: lastModified, serverDate: serverDate)
    }

    @Test func aLockIsStaleOnlyWhenNeitherItsRenewalNorItsLastWriteIsWithinThreeMinutesOfS3sClock() throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let record = Self.record(since: start)
        // renewed = since = start; S3 wrote it 10 s later; S3's clock decides.
        let fresh = try LockHolder.read(try Self.stored(record, lastModified: start + 10, serverDate: start + 190))
        #expect(fresh.idle == 180 && !fresh.isStale, "3 minutes after the later of renewed and LastModified: not yet stale")
        let stale = try LockHolder.read(try Self.stored(record, lastModified: start + 10, serverDate: start + 191))
        #expect(stale.isStale)
        let noModified = try LockHolder.read(try Self.stored(record, lastModified: nil, serverDate: start + 181))
        #expect(noModified.isStale)
        #expect(stale.summary == "apply by arn:aws:iam::123456789012:user/ci on runner-7 (pid 4121), started 3m11s ago, renewed 3m1s ago")
    }

    @Test func anUnreadableLockIsAClearError() {
        let object = S3.StoredObject(body: Array("not json".utf8), etag: "\"e\"", lastModified: nil, serverDate: nil)
        #expect(throws: LockError.self) { try LockHolder.read(object) }
    }

    @Test func oneHolderAtATimeARenewalFindsItsLockFreedAndUnlockFreesOnlyItsID() async throws {
        let emulator = try await Emulator.shared.connection()
        let user = try await emulator.newUser("lock")
        let client = emulator.client(for: user)
        let bucket = "lock-\(UUID().uuidString.prefix(8).lowercased())"
        let s3 = S3(client: client)

        let first = AppLock(client: client, bucket: bucket, record: Self.record())
        guard case .noBucket = try await first.take() else { Issue.record("no bucket, nowhere to lock"); return }
        _ = try await s3.createBucket(.init(Bucket: bucket))
        guard case .taken = try await first.take() else { Issue.record("the first take holds it"); return }
        #expect(await first.isHeld)

        let second = AppLock(client: client, bucket: bucket, record: Self.record())
        await #expect(throws: LockError.self) { _ = try await second.take() }
        let holder = try #require(try await AppLock.holder(client: client, bucket: bucket))
        #expect(holder.record.id == (await first.id) && !holder.isStale)

        try await first.renew()
        await #expect(throws: LockError.self) { _ = try await AppLock.unlock(client: client, bucket: bucket, id: await second.id) }
        _ = try await AppLock.unlock(client: client, bucket: bucket, id: await first.id)
        guard case .taken = try await second.take() else { Issue.record("free after unlock"); return }
        do {
            try await first.renew()
            Issue.record("a renewal of a lock another run holds must fail")
        } catch let error as LockError {
            #expect(error.description.contains("taken over by apply by arn:aws:iam::123456789012:user/ci on runner-7 (lock ID \(await second.id))"))
        }
        #expect(try await first.release() == false, "a lost lock is never deleted by its old holder")
        #expect(try await second.release() == true)
        #expect(try await AppLock.holder(client: client, bucket: bucket) == nil)
    }

    /// On the main of 2026-12-07 a renewal that landed while the release's delete was on its way
    /// changed the ETag, the delete got 412, and the finished apply left its lock behind.
    @Test func aReleaseAfterARenewalItDidNotSeeStillDeletesItsOwnLock() async throws {
        let emulator = try await Emulator.shared.connection()
        let client = emulator.client(for: try await emulator.newUser("lockr"))
        let bucket = "lockr-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await S3(client: client).createBucket(.init(Bucket: bucket))
        let record = Self.record()
        let lock = AppLock(client: client, bucket: bucket, record: record)
        guard case .taken = try await lock.take() else { Issue.record("a free lock"); return }
        // The same run's renewal, whose new ETag `lock` never saw (its reply came after the delete left).
        let renewal = AppLock(client: client, bucket: bucket, record: record)
        guard case .taken = try await renewal.take() else { Issue.record("our own ID holds it"); return }
        try await renewal.renew()

        #expect(try await lock.release() == true)
        #expect(try await AppLock.holder(client: client, bucket: bucket) == nil)
    }
}
