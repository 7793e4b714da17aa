import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// One apply at a time: the app's lock in its artifact bucket, as two CI jobs, a killed run and
/// a Ctrl-C meet it. The test that moves the emulator's clock does it on an emulator of its own.
struct LockTests {
    /// The AWS calls a `--verbose` run made that change something, as "SERVICE Operation".
    static func writes(in stderr: String) -> [String] {
        let reads = ["Get", "List", "Describe", "Head", "BatchGet", "Lookup"]
        return stderr.split(separator: "\n").compactMap { line in
            guard let match = line.wholeMatch(of: #/  aws: (.+?) ([A-Z][A-Za-z0-9]+) (\d{3}|-).*/#) else { return nil }
            let operation = String(match.output.2)
            return reads.contains(where: operation.hasPrefix) ? nil : "\(match.output.1) \(operation)"
        }
    }

    /// The example with one variable changed, in a folder of its own, for the same app.
    static func secondFile(_ stack: InterruptedRunTests.Stack) throws -> String {
        let text = try String(contentsOfFile: stack.directory + "/slipway.yml", encoding: .utf8)
        let edited = text.replacing("DJANGO_DEBUG: \"false\"", with: "DJANGO_DEBUG: \"true\"")
        try #require(edited != text)
        let directory = stack.directory + "-b"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try edited.write(toFile: directory + "/slipway.yml", atomically: true, encoding: .utf8)
        return directory
    }

    /// The lock's ID as `plan` reports it, or nil when the app is not locked.
    static func lockID(_ stack: InterruptedRunTests.Stack) async throws -> String? {
        let plan = try await stack.run(["plan", "--output", "json"])
        try #require(plan.status == 0, "\(plan.stderr)")
        return plan.stderr.firstMatch(of: /lock ID ([0-9a-f-]{36})/).map { String($0.output.1) }
    }

    @Test func twoAppliesOfTwoFilesAtOnceOneWinsTheOtherWritesNothingOutsideS3() async throws {
        let stack = try await InterruptedRunTests.makeStack("lk2")
        let other = try Self.secondFile(stack)
        async let first = stack.run(["apply", "--auto-approve", "--verbose"])
        async let second = SlipwayProcess.run(["apply", "--auto-approve", "--verbose"], environment: stack.environment, directory: other)
        let results = try await [first, second]
        #expect(results.map(\.status).sorted() == [0, 1], "\(results.map(\.stderr))")
        let (winner, loser) = results[0].status == 0 ? (stack.directory, results[1]) : (other, results[0])
        #expect(loser.stderr.contains("the app's lock (s3 object slipway/lock.json) is held: apply by arn:aws:iam::"), "\(loser.stderr)")
        #expect(loser.stderr.contains("slipway unlock "), "\(loser.stderr)")
        #expect(loser.stderr.contains("--lock-timeout"), "\(loser.stderr)")
        let outsideS3 = Self.writes(in: loser.stderr).filter { !$0.hasPrefix("S3 ") }
        #expect(outsideS3.isEmpty, "the loser wrote only to S3 (its bucket and the lock): \(outsideS3)")
        let plan = try await SlipwayProcess.run(["plan", "--detailed-exitcode"], environment: stack.environment, directory: winner)
        #expect(plan.status == 0, "AWS holds the winner's file: \(plan.stdout)")
    }

    @Test func theSecondApplyWaitsWithALockTimeoutThenAppliesItsFile() async throws {
        let stack = try await InterruptedRunTests.makeStack("lkw")
        let other = try Self.secondFile(stack)
        let proxy = try await FaultInjectionTests.FaultProxy(upstream: try #require(stack.environment["AWS_ENDPOINT_URL"]), rate: 1, seed: 1,
                                                             faults: ["latency"], latencyMilliseconds: 20)
        defer { proxy.stop() }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-lock-\(UUID().uuidString.prefix(6)).log").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let first = try SlipwayProcess.start(["apply", "--auto-approve", "--parallelism", "4"],
                                             environment: stack.environment.merging(["AWS_ENDPOINT_URL": proxy.endpoint]) { $1 },
                                             directory: stack.directory, output: output)
        // Past the bucket, the first apply holds the lock.
        try await eventually("the first apply past its bucket", timeout: .seconds(120), interval: .milliseconds(20)) {
            ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").components(separatedBy: "✓").count > 3 || !first.isRunning
        }
        let second = try await SlipwayProcess.run(["apply", "--auto-approve", "--lock-timeout", "5m"], environment: stack.environment, directory: other)
        let firstStatus = try await SlipwayProcess.waitForExit(first)
        #expect(firstStatus == 0, "\((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("Waiting for the app's lock: apply by arn:aws:iam::"), "\(second.stderr)")
        let plan = try await SlipwayProcess.run(["plan", "--detailed-exitcode"], environment: stack.environment, directory: other)
        #expect(plan.status == 0, "AWS ends holding the second's file: \(plan.stdout)")
    }

    @Test func aKilledApplyLeavesALockThatUnlockFreesOrThatGoesStale() async throws {
        // Its own emulator: moving the clock would make every other test's lock look stale and end its simulated runs.
        let emulator = try await Emulator.dedicated()
        let stack = try await InterruptedRunTests.makeStack("lkk", on: emulator)
        let proxy = try await FaultInjectionTests.FaultProxy(upstream: try #require(stack.environment["AWS_ENDPOINT_URL"]), rate: 1, seed: 1,
                                                             faults: ["latency"], latencyMilliseconds: 40)
        defer { proxy.stop() }
        let apply = ["apply", "--auto-approve", "--parallelism", "2"]

        let (killed, _) = try await stack.interrupt(apply, with: SIGKILL, afterChanges: 3, endpoint: proxy.endpoint)
        #expect(killed == 128 + SIGKILL)
        let refused = try await stack.run(["apply", "--auto-approve", "--verbose"])
        #expect(refused.status == 1)
        let id = try #require(refused.stderr.firstMatch(of: /slipway unlock ([0-9a-f-]{36})/).map { String($0.output.1) }, "\(refused.stderr)")
        #expect(Self.writes(in: refused.stderr).allSatisfy { $0.hasPrefix("S3 ") }, "refused before any write: \(refused.stderr)")
        #expect(try await Self.lockID(stack) == id, "plan says an apply is in progress, with its lock ID")

        let wrong = try await stack.run(["unlock", "00000000-0000-0000-0000-000000000000"])
        #expect(wrong.status == 1 && wrong.stderr.contains("has ID \(id), not 00000000"), "\(wrong.stderr)")
        let unlocked = try await stack.run(["unlock", id])
        #expect(unlocked.status == 0, "\(unlocked.stderr)")
        #expect(unlocked.stdout.contains("Freed the lock \(id) of apply by"), "\(unlocked.stdout)")
        #expect(try await Self.lockID(stack) == nil)

        // Killed again; three minutes later by S3's clock, the next apply takes the lock over.
        let (killedAgain, _) = try await stack.interrupt(apply, with: SIGKILL, afterChanges: 3, endpoint: proxy.endpoint)
        #expect(killedAgain == 128 + SIGKILL)
        let stale = try #require(try await Self.lockID(stack))
        try await EmulatorControl.post(emulator, "/_slipway/clock", ["advance": .number(181)])
        let tookOver = try await stack.run(["apply", "--auto-approve"])
        #expect(tookOver.status == 0, "\(tookOver.stderr)")
        #expect(tookOver.stderr.contains("Took over a stale lock: apply by arn:aws:iam::"), "\(tookOver.stderr)")
        #expect(tookOver.stderr.contains("lock ID \(stale)) last renewed 3m"), "\(tookOver.stderr)")
        #expect(try await Self.lockID(stack) == nil, "the apply freed the lock it took over")
    }

    @Test func anInterruptedDestroyLeavesNoLock() async throws {
        let stack = try await InterruptedRunTests.makeStack("lki")
        let proxy = try await FaultInjectionTests.FaultProxy(upstream: try #require(stack.environment["AWS_ENDPOINT_URL"]), rate: 1, seed: 1,
                                                             faults: ["latency"], latencyMilliseconds: 40)
        defer { proxy.stop() }
        let applied = try await stack.run(["apply", "--auto-approve"])
        try #require(applied.status == 0, "\(applied.stderr)")
        let (status, output) = try await stack.interrupt(["destroy", "--auto-approve", "--parallelism", "2"], with: SIGINT, afterChanges: 2, endpoint: proxy.endpoint)
        #expect(status == 130, "\(output)")
        #expect(try await Self.lockID(stack) == nil, "Ctrl-C freed the lock: \(output)")
        let destroyed = try await stack.run(["destroy", "--auto-approve"])
        #expect(destroyed.status == 0, "\(destroyed.stderr)")
    }

    @Test func aDestroyDuringAnApplyIsRefusedAndAPlanSaysAnApplyIsInProgress() async throws {
        let stack = try await InterruptedRunTests.makeStack("lkd")
        let proxy = try await FaultInjectionTests.FaultProxy(upstream: try #require(stack.environment["AWS_ENDPOINT_URL"]), rate: 1, seed: 1,
                                                             faults: ["latency"], latencyMilliseconds: 40)
        defer { proxy.stop() }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-lock-\(UUID().uuidString.prefix(6)).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let apply = try SlipwayProcess.start(["apply", "--auto-approve", "--parallelism", "2"],
                                             environment: stack.environment.merging(["AWS_ENDPOINT_URL": proxy.endpoint]) { $1 },
                                             directory: stack.directory, output: log)
        // Past its bucket (its first change), a first apply holds the lock.
        try await eventually("the apply holding the lock", timeout: .seconds(120), interval: .milliseconds(20)) {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").components(separatedBy: "✓").count > 3 || !apply.isRunning
        }
        async let destroying = stack.run(["destroy", "--auto-approve", "--verbose"])
        async let planning = stack.run(["plan"])
        let (destroy, plan) = try await (destroying, planning)
        #expect(try await SlipwayProcess.waitForExit(apply) == 0, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        #expect(destroy.status == 1 && destroy.stderr.contains("is held: apply by"), "\(destroy.stderr)")
        #expect(Self.writes(in: destroy.stderr) == ["S3 PutObject"], "the refused destroy tried the lock, and wrote nothing: \(destroy.stderr)")
        #expect(plan.stderr.contains("an apply is in progress: apply by arn:aws:iam::"), "\(plan.stderr)")
        #expect(plan.stderr.contains("this plan may be out of date"), "\(plan.stderr)")
    }
}
