import AWSCore
import NIOConcurrencyHelpers
import Testing

/// The one waiter: looks at once, again every interval, and stops at a deadline that counts
/// the looks' own time, on a manual clock so that no test waits for real.
struct WaiterTests {
    final class Sleeps: Sendable {
        private let box = NIOLockedValueBox<[Duration]>([])
        func record(_ duration: Duration) { box.withLockedValue { $0.append(duration) } }
        var all: [Duration] { box.withLockedValue { $0 } }
    }

    @Test func theFirstLookIsImmediateAndTheLastIsAtTheDeadline() async throws {
        let sleeps = Sleeps()
        let waiter = Waiter(interval: .seconds(5), timeout: .seconds(12), clock: .manual(onSleep: sleeps.record))
        var looks = 0
        let held = try await waiter.until { looks += 1; return false }
        #expect(held == false)
        #expect(looks == 4)  // at 0, 5, 10 and 12 s
        #expect(sleeps.all == [.seconds(5), .seconds(5), .seconds(2)])
    }

    @Test func timeSpentLookingCountsTowardsTheDeadline() async throws {
        let clock = WaitClock.manual()
        let waiter = Waiter(interval: .seconds(5), timeout: .seconds(30), clock: clock)
        var looks = 0
        _ = try await waiter.until {
            looks += 1
            try await clock.sleep(.seconds(10))  // a look that takes 10 s, as a slow request would
            return false
        }
        // Looks start at 0, 15 and 30 s: counting only the sleeps would have allowed seven.
        #expect(looks == 3)
    }

    @Test func aConditionThatHoldsEndsTheWait() async throws {
        let sleeps = Sleeps()
        let waiter = Waiter(interval: .seconds(2), timeout: .seconds(600), clock: .manual(onSleep: sleeps.record))
        var looks = 0
        let held = try await waiter.until { looks += 1; return looks == 3 }
        #expect(held)
        #expect(sleeps.all == [.seconds(2), .seconds(2)])
    }

    @Test func waitReturnsTheValueOrSaysWhatItWasStillDoing() async throws {
        let waiter = Waiter(interval: .seconds(1), timeout: .seconds(3), clock: .manual())
        var looks = 0
        let value = try await waiter.wait(for: "the thing") { () -> WaiterState<String> in
            looks += 1
            return looks < 3 ? .pending("warming up") : .done("ready")
        }
        #expect(value == "ready")

        let timedOut = await #expect(throws: WaiterError.self) {
            try await waiter.wait(for: "the thing") { () -> WaiterState<String> in .pending("state Pending") }
        }
        #expect(timedOut?.description == "waiting for the thing: still state Pending after 3 s")

        let failed = await #expect(throws: WaiterError.self) {
            try await waiter.wait(for: "the thing") { () -> WaiterState<String> in .failed("state Failed: no room") }
        }
        #expect(failed?.description == "waiting for the thing: state Failed: no room")
    }

    struct Refusal: Error, Equatable { let attempt: Int }
    struct Other: Error {}

    @Test func retryingStopsAtTheDeadlineWithTheLastError() async throws {
        let waiter = Waiter(interval: .seconds(3), timeout: .seconds(9), clock: .manual())
        var attempts = 0
        let error = await #expect(throws: Refusal.self) {
            try await waiter.retrying(while: { $0 is Refusal }) { () throws -> Int in
                attempts += 1
                throw Refusal(attempt: attempts)
            }
        }
        #expect(attempts == 4)  // at 0, 3, 6 and 9 s
        #expect(error == Refusal(attempt: 4))
    }

    @Test func retryingPassesOtherErrorsAtOnce() async throws {
        let waiter = Waiter(interval: .seconds(3), timeout: .seconds(9), clock: .manual())
        var attempts = 0
        await #expect(throws: Other.self) {
            try await waiter.retrying(while: { $0 is Refusal }) { () throws -> Int in
                attempts += 1
                throw Other()
            }
        }
        #expect(attempts == 1)
    }

    @Test func theLiveClockMovesWithTime() async throws {
        let clock = WaitClock.live
        let before = clock.now()
        try await clock.sleep(.milliseconds(20))
        #expect(clock.now() - before >= .milliseconds(20))
    }
}
