import ArgumentParser
import AWSCore
import Foundation
import SlipwayEngine

/// `slipway status`: each pipeline's latest run stage by stage and each ECS service's rollout,
/// with what is failing and why.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each pipeline's stages and latest run, and each ECS service's rollout and tasks.",
        discussion: """
            For every environment and service: the latest pipeline run (status, commit, age) and the \
            state of each stage (Source, Build, Approve, Deploy); the ECS service's rollout, running and \
            desired tasks and task definition revision; and, marked ✗, what is failing and why (the failed \
            action's message, the rollout's reason); marked ↻, what is still settling (a rollout under way, a \
            service whose image no build has pushed yet). A GitHub connection still PENDING is reported \
            with what to do about it. "All healthy." only when nothing is failing or settling.

            --output json prints the same as a stable document (with "healthy", "problems" and \
            "settling"); with \
            --watch, one compact document per line.

            \(ExitCodes.help)
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "Only this environment.")
    var env: String?

    @Option(help: "Only this service.")
    var service: String?

    @Flag(help: "Redraw every --interval seconds until interrupted (Ctrl-C).")
    var watch = false

    @Option(help: "Seconds between redraws with --watch.")
    var interval: Double = 5

    func validate() throws {
        guard interval >= 0.1 else { throw ValidationError("--interval must be at least 0.1 seconds") }
    }

    func run() async throws {
        try await CommandRunner.run {
            // A wrong --env or --service is an error before any request goes to AWS.
            let file = try AppSession.loadFile(options)
            try file.checkEnvironment(env)
            try file.checkService(service)
            let session = try await AppSession.open(options, file: file)
            // JSON carries what started each run and its exact times, which only the executions list has.
            let reader = StatusReader(context: session.engineContext(), file: session.file, listsExecutions: options.output == .json)
            if !watch {
                Terminal.writeError("Reading the status of \(session.file.app.value) in \(session.account)/\(session.client.region)…\n")
                let bucket = session.file.names.artifactBucket(account: session.account, region: session.client.region)
                async let lockWarning = AppLock.inProgressWarning(client: session.client, bucket: bucket)
                let status = try await reader.read(environment: env, service: service)
                PlanOutput.printWarnings(await [lockWarning].compactMap { $0 }, options: options)
                try show(status, redraw: false)
                return
            }
            _ = try await Waiter.endless(interval: .milliseconds(Int64(interval * 1000))).until {
                try show(try await reader.read(environment: env, service: service), redraw: Terminal.stdoutIsTerminal)
                return false
            }
        }
    }

    private func show(_ status: AppStatus, redraw: Bool) throws {
        switch options.output {
        case .json:
            if watch { try JSONLines.print(status) } else { try JSONOutput.print(status) }
        case .text:
            let style = Style(color: Terminal.colorEnabled(noColorFlag: options.noColor, variables: options.variables))
            let renderer = StatusRenderer(style: style, width: Terminal.columns(), now: Date())
            var text = renderer.render(status)
            if watch {
                let time = TimeText.timestamp(status.readAt).prefix(19).replacingOccurrences(of: "T", with: " ")
                text += style.dim("Read \(time) UTC · every \(interval == interval.rounded() ? "\(Int(interval))" : "\(interval)")s · Ctrl-C to stop") + "\n"
            }
            // On a terminal the report replaces the last one; in a pipe each report follows the last.
            Terminal.write(redraw ? Terminal.clearScreen + text : text + (watch ? "\n" : ""))
        }
    }
}
