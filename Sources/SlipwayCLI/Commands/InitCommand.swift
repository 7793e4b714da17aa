import ArgumentParser
import Foundation
import SlipwayConfig

/// `slipway init`: writes a commented `slipway.yml` and a `buildspec.yml` in a service's repository.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented slipway.yml and a buildspec.yml for a service repository.",
        discussion: """
            In a terminal, asks for what it cannot guess (the GitHub owner and repository are read from \
            the git remote 'origin', the names from the folder); without one, every value comes from the \
            flags, and a missing one is an error. The files are checked as 'slipway validate' would before \
            they are written, and an existing file is never replaced without --force.

            \(ExitCodes.help)
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "The app's name, which names every resource ([a-z][a-z0-9-]*, at most 20 characters; default: the folder's name).")
    var app: String?

    @Option(help: "The service's name (default: the folder's name).")
    var service: String?

    @Option(help: "The GitHub organisation or user (default: from the git remote 'origin').")
    var owner: String?

    @Option(help: "The GitHub repository (default: from the git remote 'origin').")
    var repo: String?

    @Option(help: "The CodeConnections connection ARN for GitHub (version 2).")
    var connection: String?

    @Option(help: "Use a GitHub OAuth token (version 1) read from this environment variable instead of a connection.")
    var oauthTokenEnv: String?

    @Option(help: "The 12-digit AWS account that apply must run in (optional).")
    var account: String?

    @Option(help: "The ECS cluster's name (default: the app's name).")
    var cluster: String?

    @Option(parsing: .upToNextOption, help: "The tasks' subnet IDs (space- or comma-separated).")
    var subnets: [String] = []

    @Option(parsing: .upToNextOption, help: "The tasks' security group IDs (default: the VPC's default group).")
    var securityGroups: [String] = []

    @Flag(help: "Give tasks a public IP (public subnets without a NAT gateway).")
    var publicIp = false

    // --env like every other command; --environment, its earlier name, still works.
    @Option(name: [.customLong("env"), .customLong("environment")],
            help: "An environment as NAME=BRANCH; repeat for more (default: production=main).")
    var environments: [String] = []

    @Option(help: "The container port.")
    var port: Int?

    @Flag(help: "Replace slipway.yml or buildspec.yml if they exist.")
    var force = false

    struct Written: Encodable {
        let files: [String]
        let app: String
        let service: String
    }

    func run() async throws {
        try await CommandRunner.run {
            let configPath = options.file
            let directory = URL(fileURLWithPath: configPath).deletingLastPathComponent()
            // Named as the user named slipway.yml: relative stays relative.
            let folder = (configPath as NSString).deletingLastPathComponent
            let buildspecPath = folder.isEmpty ? "buildspec.yml" : folder + "/buildspec.yml"
            if !force {
                let existing = [configPath, buildspecPath].filter { FileManager.default.fileExists(atPath: $0) }
                if !existing.isEmpty {
                    throw CommandError.filesExist(existing)
                }
            }
            let values = try gather(directory: directory)
            let text = InitTemplates.slipwayYML(values)
            // Check the file exactly as validate will, with the token variable set if the file reads one.
            var variables = options.variables
            variables[values.oauthTokenVariable] = variables[values.oauthTokenVariable] ?? "token"
            _ = try ConfigLoader.load(text: text, fileName: configPath, variables: variables)

            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try text.write(toFile: configPath, atomically: true, encoding: .utf8)
            try InitTemplates.buildspecYML.write(toFile: buildspecPath, atomically: true, encoding: .utf8)
            switch options.output {
            case .json:
                try JSONOutput.print(Written(files: [configPath, buildspecPath], app: values.app, service: values.service))
            case .text:
                Terminal.write("Wrote \(configPath) and \(buildspecPath).\n")
            }
            Terminal.writeError("""
                Next: commit buildspec.yml to \(values.owner)/\(values.repo), check slipway.yml with 'slipway validate', \
                see what would be created with 'slipway plan', then 'slipway apply'.\n
                """)
        }
    }

    struct Missing: Error, CustomStringConvertible {
        let flags: [String]
        var description: String {
            "standard input is not a terminal, so nothing can be asked: pass \(flags.joined(separator: ", ")); nothing was written"
        }
    }

    private func gather(directory: URL) throws -> InitTemplates.Values {
        let interactive = Terminal.stdinIsTerminal
        let folder = Self.keyName(directory.standardizedFileURL.lastPathComponent) ?? "app"
        let remote = GitCheckout.gitHubRemote(in: directory)
        var missing: [String] = []
        func value(_ given: String?, _ flag: String, _ question: String, guess: String?) -> String {
            if let given, !given.isEmpty { return given }
            if interactive { return Prompt.ask(question, default: guess) }
            if let guess { return guess }
            missing.append(flag)
            return ""
        }
        func list(_ given: [String], _ flag: String, _ question: String, required: Bool) -> [String] {
            let items = given.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
            if !items.isEmpty { return items }
            if interactive {
                return Prompt.ask(question, default: nil).split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            }
            if required { missing.append(flag) }
            return []
        }

        let app = value(app, "--app", "App name (names every AWS resource)", guess: String(folder.prefix(20)))
        let service = value(service, "--service", "Service name", guess: folder)
        let owner = value(owner, "--owner", "GitHub owner (organisation or user)", guess: remote?.owner)
        let repo = value(repo, "--repo", "GitHub repository", guess: remote?.repo)
        var connectionARN = connection
        if connectionARN == nil && oauthTokenEnv == nil {
            if interactive {
                let answer = Prompt.ask("CodeConnections connection ARN for GitHub (empty: an OAuth token from GITHUB_OAUTH_TOKEN)", default: nil)
                connectionARN = answer.isEmpty ? nil : answer
            } else {
                missing.append("--connection (or --oauth-token-env)")
            }
        }
        let region = value(options.region, "--region", "AWS region",
                           guess: options.variables["AWS_REGION"] ?? options.variables["AWS_DEFAULT_REGION"])
        let subnets = list(self.subnets, "--subnets", "Subnet IDs for the tasks (comma-separated)", required: true)
        let groups = list(securityGroups, "--security-groups", "Security group IDs (comma-separated; empty: the VPC's default)", required: false)
        let port = port ?? (interactive ? Int(Prompt.ask("Container port", default: "8000")) ?? 8000 : 8000)
        guard missing.isEmpty else { throw Missing(flags: missing) }

        var pairs: [(name: String, branch: String)] = []
        for item in environments.isEmpty ? ["production=main"] : environments {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("--env '\(item)' is not NAME=BRANCH, such as production=main")
            }
            pairs.append((parts[0], parts[1]))
        }
        return InitTemplates.Values(
            app: app, region: region, account: account, owner: owner, connection: connectionARN,
            oauthTokenVariable: oauthTokenEnv ?? "GITHUB_OAUTH_TOKEN", cluster: cluster ?? app,
            subnets: subnets, securityGroups: groups, publicIP: publicIp, environments: pairs,
            service: service, repo: repo, port: port)
    }

    /// A valid app or service key made from a folder's name (`My_Service` → `my-service`).
    static func keyName(_ text: String) -> String? {
        let replaced = String(text.lowercased().map { ($0.isLetter || $0.isNumber) && $0.isASCII ? $0 : "-" })
        let trimmed = replaced.drop { !$0.isLetter }.split(separator: "-").joined(separator: "-")
        return trimmed.isEmpty ? nil : trimmed
    }
}
