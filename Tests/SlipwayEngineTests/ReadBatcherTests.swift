import Foundation
import Testing
@testable import SlipwayEngine

/// Single reads that arrive together go out in batches of at most the limit; each reader gets
/// its own value, nil for a key the batch did not find, and the batch's error when it fails.
struct ReadBatcherTests {
    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var batches: [[Int]] = []
        func record(_ keys: [Int]) { lock.withLock { batches.append(keys) } }
        var all: [[Int]] { lock.withLock { batches } }
    }

    @Test func twentyFiveReadsAtOnceAreThreeCallsOfAtMostTen() async throws {
        let calls = Calls()
        let batcher = ReadBatcher<Int, String>(limit: 10, window: .milliseconds(50)) { keys in
            calls.record(keys)
            return Dictionary(uniqueKeysWithValues: keys.filter { $0 % 5 != 0 }.map { ($0, "value \($0)") })
        }
        let values = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for key in 1...25 { group.addTask { (key, try await batcher.load(key)) } }
            return try await group.reduce(into: [Int: String?]()) { $0[$1.0] = $1.1 }
        }
        #expect(calls.all.count == 3)
        #expect(calls.all.allSatisfy { $0.count <= 10 })
        #expect(Set(calls.all.flatMap { $0 }) == Set(1...25))
        #expect(values[7] == "value 7")
        #expect(values[10] == .some(nil), "a key the batch did not find reads as nil")
    }

    @Test func theSameKeyAskedTwiceIsOneKeyInTheCall() async throws {
        let calls = Calls()
        let batcher = ReadBatcher<Int, String>(limit: 10, window: .milliseconds(50)) { keys in
            calls.record(keys)
            return Dictionary(uniqueKeysWithValues: keys.map { ($0, "value \($0)") })
        }
        async let first = batcher.load(3)
        async let second = batcher.load(3)
        #expect(try await first == "value 3")
        #expect(try await second == "value 3")
        #expect(calls.all == [[3]])
    }

    struct Refused: Error {}

    @Test func aFailedCallFailsEveryReadInIt() async throws {
        let batcher = ReadBatcher<Int, String>(limit: 10, window: .milliseconds(50)) { _ in throw Refused() }
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for key in [1, 2] {
                group.addTask {
                    do { _ = try await batcher.load(key); return false } catch { return error is Refused }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes == [true, true])
    }
}
