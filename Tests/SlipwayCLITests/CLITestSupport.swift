import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// A stand-in deployer package (the real one is built for Lambda by its own script).
enum CLI {
    static func standInPackage(_ bootstrap: String = "#!/bin/sh\n") throws -> String {
        let path = NSTemporaryDirectory() + "slipway-cli-deployer-\(UUID().uuidString.prefix(6)).zip"
        try Data(StoredZip.zip([(name: "bootstrap", contents: Array(bootstrap.utf8))])).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// Runs `slipway` in a pseudo-terminal (Python's `pty`, from the emulator's virtualenv), so that
/// what a user sees in a terminal (colour, redraws, prompts) is what the test reads.
enum PseudoTerminal {
    struct Screen: Sendable {
        let status: Int32
        /// Everything written to the terminal, escape sequences included.
        let raw: String
        /// The same without ANSI escape sequences and carriage returns.
        var plain: String {
            raw.replacing(/\u{1B}\[[0-9;?]*[A-Za-z]/, with: "").replacingOccurrences(of: "\r", with: "")
        }
    }

    static let script = """
        import os, pty, select, signal, struct, sys, fcntl, termios, time, json
        spec = json.load(open(sys.argv[1]))
        pid, fd = pty.fork()
        if pid == 0:
            os.environ.clear(); os.environ.update(spec["environment"])
            os.chdir(spec["directory"])
            os.execv(spec["argv"][0], spec["argv"])
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", spec["rows"], spec["columns"], 0, 0))
        os.kill(pid, signal.SIGWINCH)
        output, sent, status = b"", False, None
        while True:
            if spec.get("input") is not None and not sent and spec["waitFor"].encode() in output:
                os.write(fd, spec["input"].encode()); sent = True
            if spec.get("interruptOn") and output.count(spec["interruptOn"].encode()) >= spec["interruptCount"]:
                os.kill(pid, signal.SIGINT); spec["interruptOn"] = None
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                output += chunk
                continue
            done, waited = os.waitpid(pid, os.WNOHANG)
            if done:
                status = waited
                try:
                    while True:
                        chunk = os.read(fd, 65536)
                        if not chunk: break
                        output += chunk
                except OSError:
                    pass
                break
        if status is None:
            _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        sys.stdout.buffer.write(json.dumps({"status": code if code >= 0 else 128 - code}).encode() + b"\\n" + output)
        """

    /// Runs `arguments` in a `columns`-wide terminal; `input` is typed once `waitFor` has appeared;
    /// once `interruptOn` has been written `count` times, the terminal sends Ctrl-C.
    static func run(_ arguments: [String], environment: [String: String], directory: String, columns: Int = 100, rows: Int = 40,
                    input: String? = nil, waitFor: String = "", interruptOn: (text: String, count: Int)? = nil) async throws -> Screen {
        let folder = NSTemporaryDirectory() + "slipway-pty-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let scriptPath = folder + "/pty_run.py", specPath = folder + "/spec.json"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        var spec: [String: JSONValue] = [
            "argv": .array(([SlipwayProcess.executable.path] + arguments).map(JSONValue.string)),
            "environment": .object(environment.merging(["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "TERM": "xterm-256color"],
                                                       uniquingKeysWith: { first, _ in first }).mapValues(JSONValue.string)),
            "directory": .string(directory), "columns": .number(Double(columns)), "rows": .number(Double(rows)),
            "waitFor": .string(waitFor),
        ]
        if let input { spec["input"] = .string(input) }
        if let interruptOn {
            spec["interruptOn"] = .string(interruptOn.text)
            spec["interruptCount"] = .number(Double(interruptOn.count))
        }
        try JSONValue.object(spec).jsonText().write(toFile: specPath, atomically: true, encoding: .utf8)
        let python = Emulator.repositoryRoot.appendingPathComponent(".venv/bin/python").path
        let result = try await SlipwayProcess.runProgram(URL(fileURLWithPath: python), [scriptPath, specPath]).stdout
        guard let newline = result.firstIndex(of: "\n"),
              let header = try? JSONValue.parse(Array(result[..<newline].utf8)), case .number(let status)? = header["status"] else {
            throw HarnessFailure(description: "the pty runner printed no status: \(result.prefix(500))")
        }
        return Screen(status: Int32(status), raw: String(result[result.index(after: newline)...]))
    }
}

/// The example stack for one test: its own app name, IAM user, GitHub connection and folder,
/// with the emulator simulating its pipeline runs and ECS rollouts.
struct CLIStack {
    let emulator: EmulatorConnection
    let user: EmulatorConnection.UserKeys
    let app: String
    let path: String
    let connection: String
    let package: String

    var directory: String { URL(fileURLWithPath: path).deletingLastPathComponent().path }
    var client: AWSClient { emulator.client(for: user) }
    var admin: AWSClient { emulator.client() }

    /// What the `slipway` child process gets: the emulator, this stack's user, fast polling.
    var environment: [String: String] {
        emulator.environment(accessKeyID: user.accessKeyID, secretAccessKey: user.secretAccessKey).merging([
            "SLIPWAY_DEPLOYER_ZIP": package, "SLIPWAY_POLL_INTERVAL": "0.2",
        ], uniquingKeysWith: { $1 })
    }

    func environment(for keys: EmulatorConnection.UserKeys) -> [String: String] {
        environment.merging(["AWS_ACCESS_KEY_ID": keys.accessKeyID, "AWS_SECRET_ACCESS_KEY": keys.secretAccessKey], uniquingKeysWith: { $1 })
    }

    /// `variables` are added to the process's variables (another `SLIPWAY_DEPLOYER_ZIP`, say).
    func slipway(_ arguments: [String], as keys: EmulatorConnection.UserKeys? = nil, input: String? = nil,
                 variables: [String: String] = [:]) async throws -> SlipwayProcess.Result {
        let base = keys.map(environment(for:)) ?? environment
        return try await SlipwayProcess.run(arguments, environment: base.merging(variables) { $1 }, directory: directory, input: input)
    }

    /// A new stack: the example with a unique app and connection, the emulator's network, simulation on.
    static func make(_ prefix: String = "c", connectionStatus: String = "AVAILABLE", stageSeconds: Double = 0.3,
                     rolloutSeconds: Double = 0.4, userPolicy: String? = nil, network given: EmulatorNetwork.Network? = nil,
                     on dedicated: EmulatorConnection? = nil, edit: (String) -> String = { $0 }) async throws -> CLIStack {
        let emulator = if let dedicated { dedicated } else { try await Emulator.shared.connection() }
        let user = if let userPolicy { try await emulator.newUser(prefix, policy: userPolicy) } else { try await emulator.newUser(prefix) }
        let network = if let given { given } else { try await EmulatorNetwork.defaultNetwork(emulator.client()) }
        let app = ExampleApp.uniqueName(prefix)
        let connection = "arn:aws:codeconnections:us-east-1:123456789012:connection/\(UUID().uuidString.lowercased())"
        let path = try await ExampleApp.write(app: app, network: network, on: emulator) { text in
            edit(text.replacing(/arn:aws:codeconnections:[^\s]+/, with: connection))
        }
        try await EmulatorControl.post(emulator, "/_slipway/simulate", ["prefix": .string("\(app)-"),
            "stageSeconds": .number(stageSeconds), "rolloutSeconds": .number(rolloutSeconds)])
        try await EmulatorControl.post(emulator, "/_slipway/connections", ["arn": .string(connection),
            "status": .string(connectionStatus), "name": .string("\(app)-github")])
        return CLIStack(emulator: emulator, user: user, app: app, path: path, connection: connection, package: try CLI.standInPackage())
    }

    /// `slipway apply --auto-approve`, which must succeed.
    func apply() async throws {
        let result = try await slipway(["apply", "--auto-approve"])
        try #require(result.status == 0, "apply failed: \(result.stderr)")
    }

    /// Makes the next run of `pipeline` fail at `stage`, or the next rollout of `ecsService` fail.
    func script(_ body: [String: JSONValue]) async throws {
        try await EmulatorControl.post(emulator, "/_slipway/script", body)
    }
}

/// The harness's own endpoints under `/_slipway/` (see emulator/patches.py).
enum EmulatorControl {
    static func post(_ emulator: EmulatorConnection, _ path: String, _ body: [String: JSONValue]) async throws {
        let request = HTTPRequest(method: "POST", url: emulator.endpoint + path, headers: [("Content-Type", "application/json")],
                                  body: Array(JSONValue.object(body).jsonText().utf8))
        let response = try await EmulatorHTTP.send(request, timeout: .seconds(10))
        guard response.status == 200 else { throw HarnessFailure(description: "\(path) answered \(response.status): \(response.bodyText)") }
    }

    /// A POST whose answer the test reads (`/_slipway/push`).
    static func postReading(_ emulator: EmulatorConnection, _ path: String, _ body: [String: JSONValue]) async throws -> JSONValue {
        let request = HTTPRequest(method: "POST", url: emulator.endpoint + path, headers: [("Content-Type", "application/json")],
                                  body: Array(JSONValue.object(body).jsonText().utf8))
        let response = try await EmulatorHTTP.send(request, timeout: .seconds(10))
        guard response.status == 200 else { throw HarnessFailure(description: "\(path) answered \(response.status): \(response.bodyText)") }
        return try JSONValue.parse(response.body)
    }

    static func delete(_ emulator: EmulatorConnection, _ path: String) async throws {
        let response = try await EmulatorHTTP.send(HTTPRequest(method: "DELETE", url: emulator.endpoint + path), timeout: .seconds(10))
        guard response.status == 200 else { throw HarnessFailure(description: "DELETE \(path) answered \(response.status): \(response.bodyText)") }
    }

    static func getReading(_ emulator: EmulatorConnection, _ path: String) async throws -> JSONValue {
        let response = try await EmulatorHTTP.send(HTTPRequest(method: "GET", url: emulator.endpoint + path), timeout: .seconds(10))
        guard response.status == 200 else { throw HarnessFailure(description: "\(path) answered \(response.status): \(response.bodyText)") }
        return try JSONValue.parse(response.body)
    }
}

struct HarnessFailure: Error, CustomStringConvertible {
    let description: String
}

extension String {
    /// The lines that contain `text`.
    func lines(containing text: String) -> [Substring] {
        split(separator: "\n").filter { $0.contains(text) }
    }
}
