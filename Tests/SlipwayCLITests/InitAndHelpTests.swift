import Foundation
import SlipwayTestSupport
import Testing

/// `slipway init` writing files that `validate` accepts, and what every command's help says.
struct InitAndHelpTests {
    static func repository(origin: String = "git@github.com:hms-dbmi/SciAuth.git") throws -> String {
        let folder = NSTemporaryDirectory() + "slipway-init-\(UUID().uuidString.prefix(6))/sciauth"
        try FileManager.default.createDirectory(atPath: folder + "/.git", withIntermediateDirectories: true)
        try """
            [core]
            \trepositoryformatversion = 0
            [remote "origin"]
            \turl = \(origin)
            \tfetch = +refs/heads/*:refs/remotes/origin/*

            """.write(toFile: folder + "/.git/config", atomically: true, encoding: .utf8)
        return folder
    }

    static let flags = [
        "init", "--app", "dbmi", "--region", "us-east-1",
        "--connection", "arn:aws:codeconnections:us-east-1:123456789012:connection/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d",
        "--subnets", "subnet-0a1b2c3d4e5f60718", "--security-groups", "sg-0a1b2c3d4e5f60718",
        "--env", "development=development", "--environment", "production=master", "--port", "8005",
    ]

    @Test func initWritesASlipwayFileAndABuildspecThatValidateAccepts() async throws {
        let folder = try Self.repository()
        let result = try await SlipwayProcess.run(Self.flags, environment: [:], directory: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Wrote slipway.yml and buildspec.yml.\n")
        #expect(result.stderr.contains("slipway validate"))

        let config = try String(contentsOfFile: folder + "/slipway.yml", encoding: .utf8)
        // The owner and repository come from the git remote, the service's name from the folder.
        #expect(config.contains("owner: hms-dbmi"))
        #expect(config.contains("  sciauth:\n    repo: SciAuth"))
        #expect(config.contains("  production:\n    branch: master\n    approval: true"))
        #expect(config.contains("# oauth_token: ${env:GITHUB_OAUTH_TOKEN}"), "the other way to reach GitHub is shown, commented")
        let buildspec = try String(contentsOfFile: folder + "/buildspec.yml", encoding: .utf8)
        #expect(buildspec.contains("docker login"))
        #expect(buildspec.contains("--cache-from \"$REPOSITORY_URI:latest\""))
        #expect(buildspec.contains("CODEBUILD_RESOLVED_SOURCE_VERSION"))
        #expect(buildspec.contains("docker push \"$REPOSITORY_URI:$IMAGE_TAG\""))
        #expect(buildspec.contains("imageDetail.json"))

        let validate = try await SlipwayProcess.run(["validate"], environment: [:], directory: folder)
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(validate.stdout == "slipway.yml is valid: app dbmi, 1 service in 2 environments.\n")
    }

    @Test func initNeverReplacesAFileWithoutForce() async throws {
        let folder = try Self.repository()
        try "# mine\n".write(toFile: folder + "/buildspec.yml", atomically: true, encoding: .utf8)
        let refused = try await SlipwayProcess.run(Self.flags, environment: [:], directory: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("buildspec.yml already exists; nothing was written (pass --force to replace)"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/slipway.yml"), "nothing is written when one file exists")
        #expect(try String(contentsOfFile: folder + "/buildspec.yml", encoding: .utf8) == "# mine\n")

        let forced = try await SlipwayProcess.run(Self.flags + ["--force"], environment: [:], directory: folder)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: folder + "/buildspec.yml", encoding: .utf8).contains("imageDetail.json"))
    }

    @Test func aUsageErrorFoundWhileRunningExits64() async throws {
        let folder = try Self.repository()
        let result = try await SlipwayProcess.run(Self.flags + ["--env", "staging"], environment: [:], directory: folder)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr == "slipway: error: --env 'staging' is not NAME=BRANCH, such as production=main\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/slipway.yml"))
    }

    @Test func initWithoutATerminalNamesTheFlagsItNeeds() async throws {
        let folder = try Self.repository(origin: "https://gitlab.com/someone/else.git")
        let result = try await SlipwayProcess.run(["init"], environment: [:], directory: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("standard input is not a terminal, so nothing can be asked: pass --owner, --repo, --connection (or --oauth-token-env), --region, --subnets; nothing was written"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/slipway.yml"))
    }

    @Test func initWithAnOAuthTokenWritesTheVariableNotTheToken() async throws {
        let folder = try Self.repository()
        var flags = Self.flags
        flags.replaceSubrange(5...6, with: ["--oauth-token-env", "GH_TOKEN"])
        let result = try await SlipwayProcess.run(flags, environment: ["GH_TOKEN": "ghp_secret"], directory: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let config = try String(contentsOfFile: folder + "/slipway.yml", encoding: .utf8)
        #expect(config.contains("oauth_token: ${env:GH_TOKEN}") && !config.contains("ghp_secret"))
        let validate = try await SlipwayProcess.run(["validate"], environment: ["GH_TOKEN": "ghp_secret"], directory: folder)
        #expect(validate.status == 0, "\(validate.stderr)")
    }

    @Test func initRejectsValuesThatValidateWouldReject() async throws {
        let folder = try Self.repository()
        var flags = Self.flags
        flags[2] = "Bad_App"
        let result = try await SlipwayProcess.run(flags, environment: [:], directory: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("slipway.yml:"), "the error points into the file that would have been written: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/slipway.yml"))
    }

    @Test(arguments: ["status", "release", "logs", "rollback", "deployer-policy", "init"])
    func everyCommandsHelpDocumentsTheExitCodes(_ command: String) async throws {
        let result = try await SlipwayProcess.run([command, "--help"], environment: [:])
        #expect(result.status == 0)
        // Help text is wrapped to the terminal; compare it as one line.
        let text = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("Exit status: 0 success; 1 an error"), "\(command)")
        #expect(text.contains("3 a pipeline run (`release --wait`) or an ECS rollout (`rollback`) that failed; 4 gave up waiting"), "\(command)")
    }

    @Test(arguments: [("bash", "_slipway"), ("zsh", "#compdef slipway"), ("fish", "complete -c 'slipway'")])
    func completionScripts(_ shell: String, _ marker: String) async throws {
        let result = try await SlipwayProcess.run(["completions", shell], environment: [:])
        #expect(result.status == 0)
        #expect(result.stdout.contains(marker))
        for command in ["status", "release", "rollback", "operator-policy"] {
            #expect(result.stdout.contains(command), "\(shell) completes \(command)")
        }
        let unknown = try await SlipwayProcess.run(["completions", "powershell"], environment: [:])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("choose bash, zsh or fish"))
    }
}
