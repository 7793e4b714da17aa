import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// No command ever prints a secret: the GitHub OAuth token, the AWS secret key, the session token
/// or the access key ID, in plans (text and JSON), progress, `--verbose` call logs and errors,
/// even though the emulator (unlike AWS) hands the OAuth token back in clear in GetPipeline.
@Suite(.serialized)
struct SecretsTests {
    /// Secrets of the forms AWS and GitHub use, random so that any hit is a real leak.
    struct Secrets {
        let oauthToken: String
        let accessKeyID: String
        let secretAccessKey: String
        let sessionToken: String

        init(oauthToken: String = "ghp_" + Self.random(36), accessKeyID: String, secretAccessKey: String, sessionToken: String) {
            self.oauthToken = oauthToken
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
        }

        var all: [(name: String, value: String)] {
            [("GitHub OAuth token", oauthToken), ("AWS access key ID", accessKeyID),
             ("AWS secret access key", secretAccessKey), ("AWS session token", sessionToken)]
        }

        static func random(_ count: Int) -> String {
            let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
            return String((0..<count).map { _ in letters.randomElement()! })
        }
    }

    /// Temporary credentials (access key, secret key, session token) of a role the emulator lets do
    /// everything: session-token credentials are what CI runs with.
    static func temporaryCredentials(_ emulator: EmulatorConnection, as user: EmulatorConnection.UserKeys) async throws -> STS.Credentials {
        let admin = emulator.client(for: user)
        let role = "secrets-\(UUID().uuidString.prefix(8).lowercased())"
        // The emulator matches the trust policy's principal exactly (an account root does not cover the user).
        let created = try await IAM(client: admin).createRole(.init(
            RoleName: role,
            AssumeRolePolicyDocument: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/\#(user.userName)"},"Action":"sts:AssumeRole"}]}"#))
        try await IAM(client: admin).putRolePolicy(.init(
            RoleName: role, PolicyName: "all", PolicyDocument: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#))
        let assumed = try await STS(client: admin).assumeRole(.init(RoleArn: try #require(created.Role?.Arn), RoleSessionName: "slipway-secrets"))
        return try #require(assumed.Credentials)
    }

    /// Fails the test, naming the command and stream, for each secret found in its output.
    static func expectNoSecret(_ result: SlipwayProcess.Result, _ secrets: Secrets, _ command: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, value) in secrets.all {
            for (stream, text) in [("stdout", result.stdout), ("stderr", result.stderr)] where text.contains(value) {
                Issue.record("slipway \(command.joined(separator: " ")) printed the \(name) on \(stream):\n\(text)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func noCommandPrintsATokenOrAKey() async throws {
        let emulator = try await Emulator.shared.connection()
        let user = try await emulator.newUser("secrets")
        let network = try await EmulatorNetwork.defaultNetwork(emulator.client(for: user))
        let credentials = try await Self.temporaryCredentials(emulator, as: user)
        let secrets = Secrets(accessKeyID: try #require(credentials.AccessKeyId), secretAccessKey: try #require(credentials.SecretAccessKey), sessionToken: try #require(credentials.SessionToken))
        #expect(secrets.accessKeyID.hasPrefix("ASIA"), "a session-token credential")

        let app = ExampleApp.uniqueName("s")
        let path = try await ExampleApp.write(app: app, network: network) { text in
            text.replacingOccurrences(
                of: "  connection: arn:aws:codeconnections:us-east-1:123456789012:connection/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d",
                with: "  oauth_token: ${env:GITHUB_OAUTH_TOKEN}")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("oauth_token: ${env:GITHUB_OAUTH_TOKEN}"))
        let directory = (path as NSString).deletingLastPathComponent
        var environment = emulator.environment(accessKeyID: secrets.accessKeyID, secretAccessKey: secrets.secretAccessKey)
        environment["AWS_SESSION_TOKEN"] = secrets.sessionToken
        environment["GITHUB_OAUTH_TOKEN"] = secrets.oauthToken
        environment["SLIPWAY_DEPLOYER_ZIP"] = try CLI.standInPackage()

        var commandsRun = 0
        /// Runs one command with and without --verbose; checks the status when one is given.
        func run(_ command: [String], status: Int32? = nil, verboseToo: Bool = true, environment overriding: [String: String] = [:],
                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> [SlipwayProcess.Result] {
            var results: [SlipwayProcess.Result] = []
            for arguments in verboseToo ? [command + ["--verbose"], command] : [command] {
                let result = try await SlipwayProcess.run(arguments, environment: environment.merging(overriding) { $1 }, directory: directory)
                commandsRun += 1
                if let status {
                    #expect(result.status == status, "slipway \(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
                }
                Self.expectNoSecret(result, secrets, arguments, sourceLocation: sourceLocation)
                results.append(result)
            }
            return results
        }

        _ = try await run(["validate"], status: 0)
        let plans = try await run(["plan"], status: 0)
        #expect(plans[1].stdout.contains("+ pipeline \(app)-production-sciauth"))
        #expect(plans[0].stderr.contains("CodePipeline ListPipelines"), "--verbose shows each AWS call: \(plans[0].stderr)")
        _ = try await run(["plan", "--output", "json"], status: 0)

        // The first apply with --verbose: every create call (CreatePipeline carries the token) logged.
        let apply = try await run(["apply", "--auto-approve", "--verbose"], status: 0, verboseToo: false)
        #expect(apply[0].stderr.contains("CreatePipeline"), "\(apply[0].stderr)")

        // The emulator now returns the token in clear from GetPipeline (AWS shows ****).
        let pipeline = try await CodePipeline(client: emulator.client()).getPipeline(.init(name: "\(app)-development-sciauth")).pipeline
        let sourceConfiguration = pipeline?.sourceAction?.configuration ?? [:]
        #expect(sourceConfiguration["OAuthToken"] == secrets.oauthToken, "the emulator quirk this test guards against")

        let again = try await run(["apply", "--auto-approve"], status: 0)
        #expect(again.allSatisfy { $0.stdout.contains("No changes.") }, "\(again.map(\.stdout))")
        _ = try await run(["plan"], status: 0)
        _ = try await run(["plan", "--output", "json"], status: 0)

        // An update of a pipeline sends the token again; its plan shows the changed field only.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "branch: development", with: "branch: develop").write(toFile: path, atomically: true, encoding: .utf8)
        let update = try await run(["plan", "--output", "json"], status: 0, verboseToo: false)
        #expect(update[0].stdout.contains("develop"), "\(update[0].stdout)")
        _ = try await run(["apply", "--auto-approve", "--verbose"], status: 0, verboseToo: false)

        // The other commands that read the stack (their status depends on the emulator, not checked).
        _ = try await run(["status"])
        _ = try await run(["status", "--output", "json"])
        _ = try await run(["release", "sciauth", "--env", "development"])
        _ = try await run(["logs", "sciauth", "--env", "development"])
        _ = try await run(["deployer-policy"])
        _ = try await run(["rollback", "sciauth", "--env", "development", "--auto-approve"])
        _ = try await run(["whoami"], status: 0)

        // Errors: a wrong secret key and a wrong session token are refused by AWS (the emulator).
        var wrongKey = secrets.secretAccessKey
        wrongKey.removeLast(4)
        wrongKey += "WXYZ"
        for overriding in [["AWS_SECRET_ACCESS_KEY": wrongKey], ["AWS_SESSION_TOKEN": String(secrets.sessionToken.dropLast(4)) + "WXYZ"]] {
            for command in [["plan"], ["apply", "--auto-approve"], ["destroy", "--auto-approve"]] {
                let results = try await run(command, status: 1, environment: overriding)
                for result in results {
                    #expect(!result.stderr.contains(wrongKey), "the wrong key is a secret too: \(result.stderr)")
                    #expect(result.stderr.contains("error"), "\(result.stderr)")
                }
            }
        }

        _ = try await run(["destroy", "--env", "development", "--auto-approve", "--verbose"], status: 0, verboseToo: false)
        _ = try await run(["destroy", "--auto-approve"], status: 0, verboseToo: false)
        let after = try await run(["plan", "--output", "json"], status: 0, verboseToo: false)
        #expect(after[0].stdout.contains("\"create\""), "destroy removed the stack")
        #expect(commandsRun >= 35)
    }

    /// A file that is rejected while the token sits in it (literally or through `${env:}`): the
    /// error lines quote positions and keys, never the token.
    @Test(arguments: [
        // The token literally in the file, with errors elsewhere and on its own line.
        "  oauth_token: @TOKEN@\n  ownr: x\n",
        "  oauth_token: [@TOKEN@]\n",
        "  oauth_token: {value: @TOKEN@}\n",
        "  oauth_token: \"@TOKEN@\n",
        "  oauth_token: @TOKEN@: more\n",
        "  oauth_token: '@TOKEN@\n",
        "  oauth_token: @TOKEN@\n  connection: arn:aws:codeconnections:us-east-1:123456789012:connection/x\n",
        "  oauth_token: ${env:GITHUB_OAUTH_TOKEN}\n  connection: @TOKEN@\n",
        "  oauth_token: ${env:GITHUB_OAUTH_TOKEN}@TOKEN@\n  oauth_tokn: x\n",
        "  oauth_token: ${env:GITHUB_OAUTH_TOKN}\n",
        "  oauth_token: ${env:GITHUB_OAUTH_TOKEN\n",
    ])
    func aRejectedFileNeverQuotesTheToken(_ source: String) async throws {
        let token = "ghp_" + Secrets.random(36)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-secret-bad-\(UUID().uuidString.prefix(6))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try """
            app: bad
            source:
              owner: hms-dbmi
            \(source.replacingOccurrences(of: "@TOKEN@", with: token))environments:
              development:
                branch: development
            services:
              web:
                repo: Web
                cpu: 256
                memory: 513
                port: 8000
            """.write(toFile: directory + "/slipway.yml", atomically: true, encoding: .utf8)
        let environment = [
            "GITHUB_OAUTH_TOKEN": token, "AWS_ACCESS_KEY_ID": "AKIA" + Secrets.random(16), "AWS_SECRET_ACCESS_KEY": Secrets.random(40),
            "AWS_SESSION_TOKEN": Secrets.random(200), "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
            "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
        ]
        let secrets = Secrets(oauthToken: token, accessKeyID: environment["AWS_ACCESS_KEY_ID"]!, secretAccessKey: environment["AWS_SECRET_ACCESS_KEY"]!,
                              sessionToken: environment["AWS_SESSION_TOKEN"]!)
        for command in [["validate"], ["plan"], ["plan", "--output", "json"], ["apply", "--auto-approve"], ["destroy", "--auto-approve"]] {
            for arguments in [command, command + ["--verbose"]] {
                let result = try await SlipwayProcess.run(arguments, environment: environment, directory: directory)
                #expect(result.status == 1, "\(arguments): \(result.stderr)")
                #expect(result.stderr.contains("slipway.yml:"), "\(arguments): \(result.stderr)")
                Self.expectNoSecret(result, secrets, arguments)
            }
        }
    }
}
