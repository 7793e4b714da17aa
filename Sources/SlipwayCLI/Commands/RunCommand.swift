import ArgumentParser
import AWSCore
import Foundation
import SlipwayConfig
import SlipwayEngine
#if canImport(Glibc)
import Glibc
#endif

/// `slipway run SERVICE --env ENV -- COMMAND...`: a one-off task of the service, its output as it
/// comes, the command's exit code as its own.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a command once in a new task of a service: its image, network, roles, variables and secrets.",
        discussion: """
            Starts one task from the revision the service runs (or --revision), with the command after -- \
            in place of the container's, prints its output as it comes (stdout; progress on stderr) and \
            exits with the command's exit code, as `docker run` does; an error of Slipway's before the \
            task runs, or a task that never ran, exits 1. --detach prints the task's ARN and returns. \
            Ctrl-C asks whether to stop the task (without a terminal, and on SIGTERM, it stops it). \
            With --output json, stdout gets {task, exitCode, stoppedReason, logStream} and the output goes to stderr.

            Example: slipway run sciauth --env production -- python manage.py migrate
            """)

    @OptionGroup var options: GlobalOptions

    @OptionGroup var service: ServiceAndEnvironment

    @Option(help: "The task definition revision to run (default: the one the service runs).")
    var revision: Int?

    @Option(help: "The task's CPU units instead of the revision's (with --memory; a Fargate size).")
    var cpu: Int?

    @Option(help: "The task's memory in MiB instead of the revision's (with --cpu).")
    var memory: Int?

    @Flag(help: "Start the task, print its ARN and return without waiting.")
    var detach = false

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command and its arguments, after --.", valueName: "command"))
    var command: [String] = []

    struct Output: Encodable {
        let task: String
        let exitCode: Int?
        let stoppedReason: String?
        let logStream: String?
    }

    func validate() throws {
        guard !command.isEmpty else {
            throw ValidationError("give the command after --, e.g. slipway run \(service.name) --env \(service.environment) -- python manage.py migrate")
        }
        switch (cpu, memory) {
        case (nil, nil):
            break
        case (let cpu?, let memory?):
            guard FargateSize.accepts(cpu: cpu, memory: memory) else {
                let allowed = FargateSize.memoryValues(forCPU: cpu)
                throw ValidationError(allowed.isEmpty
                    ? "--cpu \(cpu) is not a Fargate size; use one of \(FargateSize.cpuValues.map(String.init).joined(separator: ", "))"
                    : "Fargate does not run --cpu \(cpu) with --memory \(memory); with \(cpu) CPU units it takes \(allowed.map(String.init).joined(separator: ", ")) MiB")
            }
        default:
            throw ValidationError("--cpu and --memory go together: Fargate sizes a task by both")
        }
    }

    func run() async throws {
        var exitCode: Int32 = ExitCodes.success
        try await CommandRunner.run {
            let (session, target) = try await AppSession.open(options, service: service)
            let waiter = WaitSettings.waiter(default: .seconds(2), timeout: .seconds(86_400), variables: options.variables)
            let task = OneOffTask(client: session.client, service: target, cluster: session.file.cluster.name.value, waiter: waiter)
            let size = cpu.flatMap { cpu in memory.map { OneOffTask.Size(cpu: cpu, memory: $0) } }
            Terminal.writeError("Starting a task of \(target.names.ecsService) in cluster \(task.cluster): \(command.joined(separator: " "))…\n")
            let started = try await task.start(command, revision: revision, size: size)
            let revisionName = TaskDefinitionName.short(started.taskDefinition)
            guard !detach else {
                Terminal.writeError("Started task \(started.id) of \(revisionName); it runs on without this command.\n")
                switch options.output {
                case .json: try JSONOutput.print(Output(task: started.task, exitCode: nil, stoppedReason: nil, logStream: started.logStream))
                case .text: Terminal.write(started.task + "\n")
                }
                return
            }
            if let group = started.logGroup, let stream = started.logStream {
                Terminal.writeError("Started task \(started.id) of \(revisionName); its output (\(group), stream \(stream)):\n")
            } else {
                Terminal.writeError("Started task \(started.id) of \(revisionName); its container has no log configuration (logs: false), so its output cannot be shown.\n")
            }
            let watcher = SignalWatcher { signal, count in await Self.interrupted(task, started, signal: signal, count: count) }
            let output = options.output
            let ended = try await task.follow(started) { lines in
                let text = lines.map { $0.message + "\n" }.joined()
                if output == .json { Terminal.writeError(text) } else { Terminal.write(text) }
            }
            withExtendedLifetime(watcher) {}
            if options.output == .json {
                try JSONOutput.print(Output(task: ended.task, exitCode: ended.exitCode, stoppedReason: ended.stoppedReason, logStream: ended.logStream))
            }
            guard let code = ended.exitCode else {
                throw CommandError.taskDidNotRun(task: started.id, reason: ended.stoppedReason)
            }
            Terminal.writeError("Task \(started.id) stopped: exit code \(code)\(code == 0 ? "" : (ended.stoppedReason.map { " (\($0))" } ?? "")).\n")
            exitCode = Int32(truncatingIfNeeded: code)
        }
        if exitCode != ExitCodes.success { throw ExitCode(exitCode) }
    }

    /// Ctrl-C on a terminal asks; otherwise (and on SIGTERM) the task is stopped; a second Ctrl-C leaves at once.
    private static func interrupted(_ task: OneOffTask, _ started: OneOffTask.Started, signal: Int32, count: Int) async {
        let left = "The task \(started.task) goes on; stop it with 'aws ecs stop-task --cluster \(task.cluster) --task \(started.id)'.\n"
        guard count == 1 else {
            Terminal.writeError("\n" + left)
            Glibc.exit(ExitCodes.interrupted)
        }
        if signal == SIGINT && Terminal.stdinIsTerminal {
            let answer = await Task.detached { Prompt.ask("\nStop task \(started.id)? (yes/no)", default: "no") }.value
            guard ["y", "yes"].contains(answer.lowercased()) else {
                Terminal.writeError(left)
                Glibc.exit(ExitCodes.interrupted)
            }
        }
        do {
            try await task.stop(started, reason: "Stopped by slipway run (interrupted)")
            Terminal.writeError("\nStopping task \(started.id); following it until it stops.\n")
        } catch {
            Terminal.writeError("\nslipway: could not stop task \(started.id): \(error)\n" + left)
            Glibc.exit(ExitCodes.interrupted)
        }
    }
}
