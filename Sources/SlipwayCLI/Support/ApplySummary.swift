import ArgumentParser
import SlipwayEngine

/// The closing lines of an apply or destroy: what was done and, when it stopped early, what was not.
enum ApplySummary {
    struct Incomplete: Error, CustomStringConvertible {
        let description: String
    }

    /// Carries out a confirmed plan, its progress on stderr and Ctrl-C stopping it cleanly, then reports.
    static func execute(_ plan: Plan, context: EngineContext, parallelism: Int, options: GlobalOptions, verb: String, lock: LockSession) async throws {
        let result = await run(plan, context: context, parallelism: parallelism, options: options, lock: lock)
        try await report(result, verb: verb, lock: lock)
    }

    /// Carries out (part of) a confirmed plan, without the closing lines.
    static func run(_ plan: Plan, context: EngineContext, parallelism: Int, options: GlobalOptions, lock: LockSession) async -> ApplyResult {
        guard plan.hasChanges else { return .nothing }
        let printer = ProgressPrinter(color: Terminal.colorEnabled(noColorFlag: options.noColor, variables: options.variables, forStderr: true))
        // From here a first Ctrl-C only stops what has not started, also once the changes are done:
        // the summary is still said and the lock freed.
        await lock.interrupts.applying()
        return await Applier(context: context, parallelism: parallelism, stopSignal: lock.stop).apply(plan, onEvent: printer.handle)
    }

    static func report(_ result: ApplyResult, verb: String, lock: LockSession) async throws {
        try report(result, verb: verb, stoppedBecause: await lock.stop.reason)
    }

    static func report(_ result: ApplyResult, verb: String, stoppedBecause reason: String? = nil) throws {
        let done = result.completed.count
        if result.succeeded {
            Terminal.writeError("\n\(verb) complete: \(done) resource\(done == 1 ? "" : "s") changed.\n")
            return
        }
        let partly = result.landedBeforeFailing.count
        var lines = ["", "\(verb) stopped: \(done) change\(done == 1 ? "" : "s") made\(partly > 0 ? ", \(partly) in part" : "")."]
        if result.interrupted {
            lines.append(reason.map { "Stopped: \($0)." } ?? "Interrupted: changes under way finished; nothing new was started.")
        }
        for (address, action, _) in result.failed {
            let landed = result.landedBeforeFailing[address].map { " (in part: \(Self.distinct($0).joined(separator: ", ")) went through)" } ?? ""
            lines.append("  failed:      \(action.rawValue) \(address)\(landed)")
        }
        for (address, action) in result.notStarted { lines.append("  not started: \(action.rawValue) \(address)") }
        lines.append("Run the command again to finish: it picks up from what exists.")
        Terminal.writeError(lines.joined(separator: "\n") + "\n")
        if result.interrupted && result.failed.isEmpty && reason == nil { throw ExitCode(ExitCodes.interrupted) }
        throw Incomplete(description: result.failed.first?.2 ?? reason ?? "\(verb.lowercased()) interrupted")
    }

    /// Each operation once, in the order it first went through.
    private static func distinct(_ operations: [String]) -> [String] {
        var seen: Set<String> = []
        return operations.filter { seen.insert($0).inserted }
    }
}
