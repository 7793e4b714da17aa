import ArgumentParser
import AWSServices
import AWSCore
import Foundation
import SlipwayEngine

/// `slipway logs SERVICE --env ENV`: the latest build's CodeBuild log, or the service's
/// container logs, from CloudWatch Logs.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Show the latest build's log, or the service's container logs (--service-logs); --follow for new lines.",
        discussion: """
            Log lines go to stdout (with --output json, one JSON object per line: timestamp, message, \
            stream); which build or log group, to stderr. --follow keeps reading: a build's log until the \
            build ends, container logs until interrupted (Ctrl-C).

            \(ExitCodes.help)
            """)

    @OptionGroup var options: GlobalOptions

    @OptionGroup var service: ServiceAndEnvironment

    @Flag(help: "The ECS containers' logs instead of the latest build's.")
    var serviceLogs = false

    @Option(help: "Only lines since then: a duration (30s, 15m, 2h, 1d) or a time (2024-05-01T12:00:00Z). Container logs default to 1h.")
    var since: String?

    @Flag(name: [.customShort("F"), .long], help: "Keep printing new lines.")
    var follow = false

    func validate() throws {
        guard let since else { return }
        do {
            _ = try TimeText.since(since)
        } catch {
            throw ValidationError(String(describing: error))
        }
    }

    func run() async throws {
        try await CommandRunner.run {
            let (session, target) = try await AppSession.open(options, service: service)
            let waiter = WaitSettings.waiter(default: .seconds(2), timeout: .seconds(365 * 86400), variables: options.variables)
            let reader = LogReader(client: session.client, waiter: waiter)
            let start = try since.map { try TimeText.since($0) }
            let style = Style(color: Terminal.colorEnabled(noColorFlag: options.noColor, variables: options.variables))
            let errStyle = Style(color: Terminal.colorEnabled(noColorFlag: options.noColor, variables: options.variables, forStderr: true))
            let output = options.output

            if serviceLogs {
                guard target.logs else {
                    throw CommandError.containerLogsOff(service: service.name, environment: service.environment)
                }
                let group = target.names.logGroup
                let from = start ?? Date().addingTimeInterval(-3600)
                Terminal.writeError("Container logs of \(target.names.ecsService) (\(group)) since \(TimeText.timestamp(from))\(follow ? ", following" : "")…\n")
                try await reader.groupLog(group, since: from, follow: follow, hint: "run 'slipway apply' to create it") { lines in
                    Self.print(lines, output: output, style: style, showStream: true)
                }
                return
            }
            let project = target.names.buildProject
            let build = try await reader.latestBuild(project: project)
            var header = "Build \(build.id) · \(Self.buildStatus(build.status, errStyle))"
            if let startTime = build.startTime { header += " · started \(TimeText.age(startTime))" }
            if let commit = build.commit { header += " · commit \(commit.prefix(7))" }
            Terminal.writeError(header + "\n")
            let final = try await reader.buildLog(build, project: project, since: start, follow: follow) { lines in
                Self.print(lines, output: output, style: style, showStream: false)
            }
            if follow {
                Terminal.writeError("Build \(final.id) finished: \(Self.buildStatus(final.status, errStyle)).\n")
            }
        }
    }

    /// A build's status in the words the pipeline commands use, in its tone's colour.
    static func buildStatus(_ status: CodeBuild.StatusType, _ style: Style) -> String {
        let word = switch status {
        case .succeeded: "Succeeded"
        case .failed, .fault, .timedOut: "Failed"
        case .stopped: "Stopped"
        default: "InProgress"
        }
        return style.paint(word, status.tone)
    }

    static func print(_ lines: [LogLine], output: OutputFormat, style: Style, showStream: Bool) {
        switch output {
        case .json:
            for line in lines { try? JSONLines.print(line) }
        case .text:
            var text = ""
            for line in lines {
                var prefix = style.dim(TimeText.timestamp(line.timestamp)) + "  "
                if showStream, let stream = line.stream {
                    // awslogs streams are prefix/container/task-id: the task id tells tasks apart.
                    let task = stream.split(separator: "/").last.map { String($0.prefix(8)) } ?? stream
                    prefix += style.cyan("[\(task)]") + "  "
                }
                text += prefix + line.message + "\n"
            }
            Terminal.write(text)
        }
    }
}
