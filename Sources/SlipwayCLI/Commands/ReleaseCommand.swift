import ArgumentParser
import AWSCore
import Foundation
import SlipwayConfig
import SlipwayEngine

/// `slipway release SERVICE --env ENV`: starts a pipeline run now and, with `--wait`, follows it.
struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Start a pipeline run of a service in an environment now; --wait follows it to the end.",
        discussion: """
            Builds the head of the environment's branch and deploys it, as a push would; with --commit, that \
            commit; with --tag, the commit of that tag in the local checkout of the service's repository (run it \
            there). An environment with trigger: tags deploys the newest tag matching its globs in that checkout, \
            or, run elsewhere, repeats the newest release a tag started. Progress goes to \
            stderr; stdout gets one line, "PIPELINE EXECUTION-ID STATUS" (or, with --output json, the run \
            with every stage). With --wait, a manual approval stage waits for its answer (in the console, or \
            aws codepipeline put-approval-result). The app's lock is held while the run is started (--lock-timeout).

            \(ExitCodes.help)
            """)

    @OptionGroup var options: GlobalOptions

    @OptionGroup var service: ServiceAndEnvironment

    @OptionGroup var lockOptions: LockOptions

    @Option(help: "Deploy this commit (a full SHA) instead of the branch's head.")
    var commit: String?

    @Option(help: "Deploy the commit of this tag, read from the local checkout of the service's repository.")
    var tag: String?

    @Flag(help: "Follow the run stage by stage; exit 3 if it fails, 4 if --timeout passes first.")
    var wait = false

    @Option(help: "Minutes to wait with --wait before giving up (the run goes on).")
    var timeout: Double = 60

    func validate() throws {
        if commit != nil, tag != nil {
            throw ValidationError("give --commit or --tag, not both")
        }
        if let commit, commit.wholeMatch(of: /[0-9a-f]{40}/) == nil {
            throw ValidationError("--commit '\(commit)' is not a full commit SHA; give all 40 hex digits (git rev-parse v1.0.0)")
        }
    }

    /// The commit to build: `--commit`, `--tag`'s, or in a tag-triggered environment its newest
    /// matching tag's; nil for the branch's head.
    func revision(of target: ResolvedService, run: PipelineRun) async throws -> String? {
        if let commit { return commit }
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let checkout = GitCheckout.of(owner: target.owner, repo: target.repo, from: here)
        let patterns: [String]? = if case .tags(let patterns) = target.trigger { patterns } else { nil }
        if let tag {
            guard let checkout else {
                throw GitCheckout.Failure(description: "--tag reads the tag from a checkout of \(target.owner)/\(target.repo), and \(here.path) is none "
                    + "(its origin is another repository, or it has none); run it in a checkout, or pass --commit $(git rev-parse \(tag))")
            }
            if let patterns, try !checkout.tags(matching: patterns).contains(tag) {
                throw GitCheckout.Failure(description: "\(service.environment) deploys tags matching \(patterns.joined(separator: ", ")), and \(tag) matches none of them")
            }
            guard let commit = try checkout.commit(ofTag: tag) else {
                throw GitCheckout.Failure(description: "the checkout in \(checkout.directory.path) has no tag \(tag); create it, or fetch tags (git fetch --tags)")
            }
            Terminal.writeError("Deploying \(tag), commit \(commit.prefix(12)).\n")
            return commit
        }
        guard let patterns else { return nil }
        // The branch's head is no release: the newest matching tag, or the newest tagged run.
        if let checkout, let newest = try checkout.tags(matching: patterns).first, let commit = try checkout.commit(ofTag: newest) {
            Terminal.writeError("\(service.environment) deploys tags: deploying \(newest), the newest matching \(patterns.joined(separator: ", ")), commit \(commit.prefix(12)).\n")
            return commit
        }
        guard let tagged = try await run.latestPushedCommit() else {
            throw OperationError.noTaggedRun(pipeline: run.pipeline, tags: patterns)
        }
        Terminal.writeError("\(service.environment) deploys tags: repeating the newest tagged release, commit \(tagged.prefix(12)).\n")
        return tagged
    }

    struct Started: Encodable {
        let pipeline: String
        let executionId: String
        let status: String
    }

    func run() async throws {
        var exitCode: Int32 = ExitCodes.success
        try await CommandRunner.run {
            let (session, target) = try await AppSession.open(options, service: service)
            let style = Style(color: Terminal.colorEnabled(noColorFlag: options.noColor, variables: options.variables, forStderr: true))
            let waiter = WaitSettings.waiter(default: .seconds(5), timeout: .seconds(Int64(timeout * 60)), variables: options.variables)
            let run = PipelineRun(client: session.client, pipeline: target.names.pipeline, waiter: waiter)
            let started = Date()
            let revision = try await self.revision(of: target, run: run)
            // The lock guards the start only: the run itself is AWS's, as one a push starts.
            var startedID: String?
            try await LockSession.around(session, command: "release", lockOptions: lockOptions, options: options) { _ in
                startedID = try await run.start(commit: revision)
            }
            guard let id = startedID else { return }
            Terminal.writeError("Started \(style.bold(run.pipeline)) run \(id)\(revision.map { " of commit \($0.prefix(12))" } ?? "").\n")
            guard wait else {
                Terminal.writeError("Follow it with 'slipway status --env \(service.environment) --service \(service.name)', or release again with --wait.\n")
                switch options.output {
                case .json: try JSONOutput.print(Started(pipeline: run.pipeline, executionId: id, status: "InProgress"))
                case .text: Terminal.write("\(run.pipeline) \(id) InProgress\n")
                }
                return
            }
            let nameWidth = "Approve".count + 1
            let result = try await run.follow(id) { event in
                switch event {
                case .stage(let name, let status, let detail):
                    var line = "  \(style.mark(status)) \(name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)) \(style.status(status))"
                    if let detail, !detail.isEmpty { line += status == .failed ? ": \(detail)" : style.dim("  \(detail)") }
                    Terminal.writeError(line + "\n")
                case .awaitingApproval(let stage, let action):
                    Terminal.writeError("  \(style.yellow("!")) \(stage.padding(toLength: nameWidth, withPad: " ", startingAt: 0)) waiting for a manual approval: "
                        + "approve it in the console, or with 'aws codepipeline put-approval-result --pipeline-name \(run.pipeline) "
                        + "--stage-name \(stage) --action-name \(action) --token …'\n")
                }
            }
            let elapsed = TimeText.duration(Date().timeIntervalSince(started))
            if result.timedOut {
                Terminal.writeError(style.yellow("Stopped waiting after \(elapsed): the run is still \(result.status.rawValue); it goes on in AWS.") + "\n")
                exitCode = ExitCodes.timedOut
            } else if result.succeeded {
                Terminal.writeError(style.green("Run \(id.prefix(8)) succeeded in \(elapsed).") + "\n")
            } else {
                Terminal.writeError(style.red("Run \(id.prefix(8)) \(result.status.rawValue.lowercased()) after \(elapsed)\(result.failure.map { ": \($0)" } ?? ".")") + "\n")
                exitCode = ExitCodes.runFailed
            }
            switch options.output {
            case .json: try JSONOutput.print(result)
            case .text: Terminal.write("\(run.pipeline) \(id) \(result.status.rawValue)\n")
            }
        }
        if exitCode != ExitCodes.success { throw ExitCode(exitCode) }
    }
}
