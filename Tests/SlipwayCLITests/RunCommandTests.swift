import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// `slipway run` against the emulator, which runs no container: a command's output and exit code
/// are scripted (`/_slipway/tasks`), and its task goes PENDING → RUNNING → STOPPED as on AWS.
struct RunCommandTests {
    /// The example applied, with development's sciauth built and deployed (so it runs an image).
    static func builtStack(_ prefix: String) async throws -> CLIStack {
        let stack = try await CLIStack.make(prefix)
        try await stack.apply()
        let release = try await stack.slipway(["release", "sciauth", "--env", "development", "--wait"])
        try #require(release.status == 0, "\(release.stderr)")
        return stack
    }

    static func script(_ stack: CLIStack, _ command: String, output: [String] = [], exitCode: Int = 0, runSeconds: Double = 0.5) async throws {
        try await EmulatorControl.post(stack.emulator, "/_slipway/tasks", [
            "command": .string(command), "output": .array(output.map(JSONValue.string)),
            "exitCode": .number(Double(exitCode)), "runSeconds": .number(runSeconds),
        ])
    }

    @Test func aCommandPrintsItsOutputAndExitsWithItsCode() async throws {
        let stack = try await Self.builtStack("run")
        try await Self.script(stack, "python manage.py check --deploy", output: ["System check identified 1 issue.", "WARNING: DEBUG is on"], exitCode: 3)
        let run = try await stack.slipway(["run", "sciauth", "--env", "development", "--", "python", "manage.py", "check", "--deploy"])
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stdout == "System check identified 1 issue.\nWARNING: DEBUG is on\n", "\(run.stdout)")
        #expect(run.stderr.contains("Starting a task of \(stack.app)-development-sciauth in cluster \(stack.app): python manage.py check --deploy…"), "\(run.stderr)")
        #expect(run.stderr.contains("of \(stack.app)-development-sciauth:2; its output (/ecs/\(stack.app)/development/sciauth, stream "), "\(run.stderr)")
        #expect(run.stderr.contains("stopped: exit code 3"), "\(run.stderr)")

        // The task: the service's revision and network, the command for its container, the app's tags.
        let ecs = ECS(client: stack.admin)
        let arns = try await ecs.listAllTasks(.init(cluster: stack.app, startedBy: "slipway-run"))
        let task = try #require(try await ecs.describeTasks(.init(cluster: stack.app, tasks: arns, include: [.tags])).tasks?.first)
        #expect(task.taskDefinitionArn?.hasSuffix(":task-definition/\(stack.app)-development-sciauth:2") == true)
        #expect(task.overrides?.containerOverrides?.first?.command == ["python", "manage.py", "check", "--deploy"])
        let tags = Dictionary(uniqueKeysWithValues: (task.tags ?? []).compactMap { tag in tag.key.map { ($0, tag.value ?? "") } })
        #expect(tags == ["slipway:app": stack.app, "slipway:env": "development", "slipway:service": "sciauth"])
        #expect(task.launchType == .fargate)

        let json = try await stack.slipway(["run", "sciauth", "--env", "development", "--output", "json", "--", "python", "manage.py", "check", "--deploy"])
        #expect(json.status == 3)
        let document = try JSONValue.parse(Array(json.stdout.utf8))
        #expect(document["exitCode"] == .number(3))
        #expect(document["task"]?.stringValue?.contains(":task/\(stack.app)/") == true)
        #expect(document["logStream"]?.stringValue?.hasPrefix("sciauth/sciauth/") == true, "\(json.stdout)")
        #expect(json.stderr.contains("WARNING: DEBUG is on"), "the output goes to stderr with --output json")
    }

    @Test func detachReturnsTheTaskAndWhatCannotRunIsRefused() async throws {
        let stack = try await Self.builtStack("rund")
        try await Self.script(stack, "python manage.py clearsessions", runSeconds: 3600)
        let detached = try await stack.slipway(["run", "sciauth", "--env", "development", "--detach", "--", "python", "manage.py", "clearsessions"])
        #expect(detached.status == 0, "\(detached.stderr)")
        let arn = detached.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(arn.contains(":task/\(stack.app)/"), "\(detached.stdout)")
        let running = try await ECS(client: stack.admin).describeTasks(.init(cluster: stack.app, tasks: [arn])).tasks?.first
        #expect(running?.lastStatus != "STOPPED", "--detach leaves it running")

        // Production's sciauth was never built: its revision names the placeholder image.
        let neverBuilt = try await stack.slipway(["run", "sciauth", "--env", "production", "--", "echo", "hi"])
        #expect(neverBuilt.status == 1)
        #expect(neverBuilt.stderr.contains("the placeholder 'apply' registers before the first build: the service has never been built"), "\(neverBuilt.stderr)")
        #expect(neverBuilt.stderr.contains("'slipway release sciauth --env production'"))
        let noCommand = try await stack.slipway(["run", "sciauth", "--env", "development"])
        #expect(noCommand.status == 64)
        #expect(noCommand.stderr.contains("give the command after --"), "\(noCommand.stderr)")
        let badSize = try await stack.slipway(["run", "sciauth", "--env", "development", "--cpu", "256", "--memory", "4096", "--", "echo"])
        #expect(badSize.status == 64)
        #expect(badSize.stderr.contains("Fargate does not run --cpu 256 with --memory 4096; with 256 CPU units it takes 512, 1024, 2048 MiB"), "\(badSize.stderr)")
        let unknown = try await stack.slipway(["run", "nope", "--env", "development", "--", "echo"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no service 'nope'"), "\(unknown.stderr)")
    }

    /// Without a terminal (CI cancelling a job) an interrupt stops the task, and the command follows it to its end.
    @Test func anInterruptWithoutATerminalStopsTheTask() async throws {
        let stack = try await Self.builtStack("runi")
        try await Self.script(stack, "python manage.py export", output: ["exporting"], runSeconds: 3600)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-run-\(UUID().uuidString.prefix(6)).log").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let process = try SlipwayProcess.start(["run", "sciauth", "--env", "development", "--", "python", "manage.py", "export"],
                                               environment: stack.environment, directory: stack.directory, output: output)
        try await eventually("the task's first line", timeout: .seconds(60), interval: .milliseconds(100)) {
            ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains("exporting") || !process.isRunning
        }
        kill(process.processIdentifier, SIGINT)
        let status = try await SlipwayProcess.waitForExit(process)
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        #expect(status == 143, "the command's exit code after SIGTERM: \(text)")
        #expect(text.contains("Stopping task "), "\(text)")
        #expect(text.contains("stopped: exit code 143 (Stopped by slipway run (interrupted))"), "\(text)")
    }
}
