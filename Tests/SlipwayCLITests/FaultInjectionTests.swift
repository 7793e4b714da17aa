import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// `slipway` through `emulator/fault_proxy.py`, which throttles, fails (500, 503), drops
/// connections and delays a share of the calls: apply and destroy still end exactly where a
/// fault-free run ends, and when every call fails the error names the call, after the retries.
@Suite(.serialized)
struct FaultInjectionTests {
    /// The proxy process in front of the emulator, and what it logged.
    final class FaultProxy: @unchecked Sendable {
        struct Entry: Decodable, Sendable {
            let operation: String
            let fault: String?
            let status: Int?
        }

        let process: Process
        let endpoint: String
        let log: String

        init(upstream: String, rate: Double, seed: Int, faults: [String], latencyMilliseconds: Int = 200, extra: [String] = []) async throws {
            let root = Emulator.repositoryRoot.path
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-faults-\(UUID().uuidString.prefix(6))").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let portFile = directory + "/port"
            log = directory + "/requests.jsonl"
            process = Process()
            process.executableURL = URL(fileURLWithPath: root + "/.venv/bin/python")
            process.arguments = [
                root + "/emulator/fault_proxy.py", "--upstream", upstream, "--port-file", portFile, "--rate", String(rate),
                "--seed", String(seed), "--faults", faults.joined(separator: ","), "--latency-ms", String(latencyMilliseconds), "--log", log,
            ] + extra
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.runWithSignalsUnblocked()
            let started = process
            try? await eventually("fault_proxy.py writing its port", timeout: .seconds(20), interval: .milliseconds(50)) {
                FileManager.default.fileExists(atPath: portFile) || !started.isRunning
            }
            guard FileManager.default.fileExists(atPath: portFile) else {
                throw ProxyUnavailable(description: "emulator/fault_proxy.py did not start (is .venv there? bash emulator/install.sh)")
            }
            endpoint = "http://127.0.0.1:" + (try String(contentsOfFile: portFile, encoding: .utf8))
        }

        var entries: [Entry] {
            get throws {
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                return try text.split(separator: "\n").map { try JSONDecoder().decode(Entry.self, from: Data($0.utf8)) }
            }
        }

        func stop() {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }

        deinit { stop() }
    }

    struct ProxyUnavailable: Error, CustomStringConvertible {
        let description: String
    }

    static func environment(_ emulator: EmulatorConnection, _ user: EmulatorConnection.UserKeys, endpoint: String, maxAttempts: Int) throws -> [String: String] {
        var environment = emulator.environment(accessKeyID: user.accessKeyID, secretAccessKey: user.secretAccessKey)
        environment["AWS_ENDPOINT_URL"] = endpoint
        environment["AWS_MAX_ATTEMPTS"] = String(maxAttempts)
        // Full jitter from 50 ms instead of 1 s: the same retries, without minutes of sleeping.
        environment["SLIPWAY_RETRY_BASE_MS"] = "50"
        environment["SLIPWAY_DEPLOYER_ZIP"] = try CLI.standInPackage()
        return environment
    }

    /// The write calls that took effect (reached the emulator and succeeded), by operation, the
    /// app's name in S3 paths replaced so that two apps compare.
    static func effectiveWrites(_ emulator: EmulatorConnection, _ user: EmulatorConnection.UserKeys, app: String) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for call in try await emulator.writeCalls(of: user) where (call.status ?? 0) < 300 {
            // Route 53's paths hold the zone's ID, which differs between the two apps' zones.
            let action = (call.action ?? "?").replacingOccurrences(of: app, with: "{app}")
                .replacing(/\/hostedzone\/[A-Z0-9]+\//, with: "/hostedzone/{zone}/")
            counts[action, default: 0] += 1
        }
        return counts
    }

    @Test func applyAndDestroyWithTenPercentFaultsEndAsWithoutFaults() async throws {
        let emulator = try await Emulator.shared.connection()
        let faultyUser = try await emulator.newUser("faults")
        let cleanUser = try await emulator.newUser("nofaults")
        let network = try await EmulatorNetwork.defaultNetwork(emulator.client(for: faultyUser))
        let faultyApp = ExampleApp.uniqueName("f"), cleanApp = ExampleApp.uniqueName("n")
        let faultyDirectory = (try await ExampleApp.write(app: faultyApp, network: network) as NSString).deletingLastPathComponent
        let cleanDirectory = (try await ExampleApp.write(app: cleanApp, network: network) as NSString).deletingLastPathComponent

        let proxy = try await FaultProxy(upstream: emulator.endpoint, rate: 0.1, seed: 20_261_126,
                                         faults: ["throttle", "500", "503", "drop", "latency"])
        defer { proxy.stop() }
        let faulty = try Self.environment(emulator, faultyUser, endpoint: proxy.endpoint, maxAttempts: 8)
        let direct = try Self.environment(emulator, faultyUser, endpoint: emulator.endpoint, maxAttempts: 8)

        let started = ContinuousClock.now
        let apply = try await SlipwayProcess.run(["apply", "--auto-approve"], environment: faulty, directory: faultyDirectory)
        let faultyElapsed = ContinuousClock.now - started
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stderr.contains("Apply complete: 60 resources changed."), "\(apply.stderr)")

        let entries = try proxy.entries
        let injected = entries.filter { $0.fault != nil && $0.fault != "latency" }
        #expect(injected.count >= 5, "faults were injected: \(injected.count) of \(entries.count) requests")
        for kind in ["throttle", "500", "503", "drop", "latency"] {
            #expect(entries.contains { $0.fault == kind }, "a \(kind) fault among \(entries.count) requests")
        }

        // The same stack as without faults: a plan (not through the proxy) finds nothing to do.
        let plan = try await SlipwayProcess.run(["plan", "--detailed-exitcode"], environment: direct, directory: faultyDirectory)
        #expect(plan.status == 0, "\(plan.stdout)\n\(plan.stderr)")
        #expect(plan.stdout.contains("No changes."), "\(plan.stdout)")

        // Nothing duplicated: the same writes took effect as in a fault-free apply of the same file.
        let cleanStarted = ContinuousClock.now
        let clean = try await SlipwayProcess.run(["apply", "--auto-approve"],
                                               environment: Self.environment(emulator, cleanUser, endpoint: emulator.endpoint, maxAttempts: 8),
                                               directory: cleanDirectory)
        let cleanElapsed = ContinuousClock.now - cleanStarted
        #expect(clean.status == 0, "\(clean.stderr)")
        let faultyWrites = try await Self.effectiveWrites(emulator, faultyUser, app: faultyApp)
        let cleanWrites = try await Self.effectiveWrites(emulator, cleanUser, app: cleanApp)
        #expect(faultyWrites == cleanWrites, "writes that took effect, with faults vs without")
        let ecs = ECS(client: emulator.client(for: faultyUser))
        for family in ["development-sciauth", "development-scireg", "production-sciauth", "production-scireg"] {
            let revisions = try await ecs.listAllTaskDefinitions(.init(familyPrefix: "\(faultyApp)-\(family)"))
            #expect(revisions.count == 1, "one task definition revision of \(family): \(revisions)")
        }

        // Destroy through the faults too: everything goes, as the plan after it shows.
        let destroyStart = try proxy.entries.count
        let destroy = try await SlipwayProcess.run(["destroy", "--auto-approve"], environment: faulty, directory: faultyDirectory)
        #expect(destroy.status == 0, "\(destroy.stderr)")
        let destroyFaults = try proxy.entries.dropFirst(destroyStart).filter { $0.fault != nil && $0.fault != "latency" }.count
        let after = try await SlipwayProcess.run(["plan", "--output", "json"], environment: direct, directory: faultyDirectory)
        guard case .array(let changes) = try JSONValue.parse(Array(after.stdout.utf8))["changes"] else {
            Issue.record("no changes array: \(after.stdout) \(after.stderr)")
            return
        }
        let left = changes.filter { $0["action"] != .string("create") }.map { "\($0["action"]?.stringValue ?? "?") \($0["kind"]?.stringValue ?? "?") \($0["name"]?.stringValue ?? "?")" }
        #expect(changes.count == 60 && left.isEmpty, "destroy left nothing behind, but: \(left)")

        print("""
            fault injection (rate 0.1, seed 20261126): apply \(entries.count) requests, \(injected.count) failed by the proxy \
            (\(Dictionary(grouping: entries.compactMap(\.fault), by: { $0 }).mapValues(\.count).sorted { $0.key < $1.key })), \
            \(faultyElapsed) vs \(cleanElapsed) without faults; destroy \(destroyFaults) failed requests
            """)
    }

    /// AWS's rate limits made ten times stricter (emulator/rate_limits.py at scale 0.1, this user's
    /// own buckets): the adaptive retry mode paces the apply, which ends as an apply without limits,
    /// having said that it waited on them. The plain stack: at a tenth, ELB's CreateLoadBalancer
    /// bucket refills one call every 50 seconds.
    @Test func anApplyUnderTenfoldStricterRateLimitsSucceeds() async throws {
        let emulator = try await Emulator.shared.connection()
        let user = try await emulator.newUser("ratelimits")
        let network = try await EmulatorNetwork.defaultNetwork(emulator.client(for: user))
        let directory = (try await ExampleApp.write(app: ExampleApp.uniqueName("r"), network: network, edit: ExampleApp.withoutWebFront)
            as NSString).deletingLastPathComponent
        let proxy = try await FaultProxy(upstream: emulator.endpoint, rate: 0, seed: 1, faults: ["latency"], latencyMilliseconds: 0,
                                         extra: ["--rate-limits", "--rate-scale", "0.1", "--rate-per-key"])
        defer { proxy.stop() }
        var limited = try Self.environment(emulator, user, endpoint: proxy.endpoint, maxAttempts: 3)
        // AWS_MAX_ATTEMPTS unset, as for a user: throttled calls get the adaptive mode's attempts.
        limited["AWS_MAX_ATTEMPTS"] = nil
        let apply = try await SlipwayProcess.run(["apply", "--auto-approve"], environment: limited, directory: directory)
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stderr.contains("Apply complete: 38 resources changed."), "\(apply.stderr)")
        let entries = try proxy.entries
        let throttled = entries.filter { $0.fault == "rate-limit" }
        #expect(throttled.count > 0, "the limits were reached: \(entries.count) requests")

        let plan = try await SlipwayProcess.run(["plan", "--detailed-exitcode"],
                                              environment: Self.environment(emulator, user, endpoint: emulator.endpoint, maxAttempts: 3),
                                              directory: directory)
        #expect(plan.status == 0, "\(plan.stdout)\n\(plan.stderr)")
        print("rate limits at scale 0.1: apply \(entries.count) requests, \(throttled.count) throttled "
            + "(\(Dictionary(grouping: throttled.map(\.operation), by: { $0 }).mapValues(\.count).sorted { $0.key < $1.key }))")
    }

    @Test func whenEveryCallFailsTheErrorNamesTheCallAfterTheRetries() async throws {
        let emulator = try await Emulator.shared.connection()
        let user = try await emulator.newUser("allfaults")
        let network = try await EmulatorNetwork.defaultNetwork(emulator.client(for: user))
        let directory = (try await ExampleApp.write(app: ExampleApp.uniqueName("x"), network: network) as NSString).deletingLastPathComponent

        for faults in [["throttle"], ["500", "503"], ["drop"]] {
            let proxy = try await FaultProxy(upstream: emulator.endpoint, rate: 1, seed: 1, faults: faults)
            defer { proxy.stop() }
            let environment = try Self.environment(emulator, user, endpoint: proxy.endpoint, maxAttempts: 3)
            let result = try await SlipwayProcess.run(["apply", "--auto-approve"], environment: environment, directory: directory)
            #expect(result.status == 1, "\(faults): \(result.stderr)")
            let entries = try proxy.entries
            let attempts = Dictionary(grouping: entries, by: \.operation).mapValues(\.count)
            #expect(attempts.values.allSatisfy { $0 <= 3 }, "no call is tried more than AWS_MAX_ATTEMPTS times: \(attempts)")
            let exhausted = attempts.filter { $0.value == 3 }.keys
            #expect(!exhausted.isEmpty, "a call was tried 3 times: \(attempts)")
            #expect(exhausted.contains { result.stderr.contains($0) }, "\(faults): the error names the call (\(exhausted.sorted())): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count <= 10, "a short error, not a trace: \(result.stderr)")
            #expect(try await emulator.writeCalls(of: user).isEmpty)
        }
    }
}
