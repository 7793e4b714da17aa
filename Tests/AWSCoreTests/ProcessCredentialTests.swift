import AWSSigV4
import Foundation
import Testing
@testable import AWSCore

/// `credential_process`: a real child process, its JSON, its failures.
struct ProcessCredentialTests {
    static let goodOutput = #"{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "processsecret", "SessionToken": "processtoken", "Expiration": "2030-05-01T10:00:00Z"}"#

    func credentials(script: String, command: ((String) -> String)? = nil, extraConfig: String = "", credentialsFile: String = "") async throws -> AWSCredentials {
        let directory = try TemporaryDirectory()
        let scriptPath = try directory.write("credentials helper.sh", "#!/bin/sh\n" + script, executable: true)
        let commandLine = command?(scriptPath) ?? "\"\(scriptPath)\""
        let environment = try directory.environment(config: "[default]\ncredential_process = \(commandLine)\n" + extraConfig, credentials: credentialsFile)
        return try await chain(environment, transport: noNetwork).credentials()
    }

    @Test func readsTheCredentialsTheCommandPrints() async throws {
        let credentials = try await credentials(script: "echo '\(Self.goodOutput)'")
        #expect(credentials.accessKeyID == "AKIDPROCESS")
        #expect(credentials.secretAccessKey == "processsecret")
        #expect(credentials.sessionToken == "processtoken")
        #expect(credentials.expiration == ISO8601Timestamp.parse("2030-05-01T10:00:00Z"))
    }

    @Test func splitsTheCommandLineLikeShlexWithoutAShell() async throws {
        // The first argument becomes the key id; $HOME stays literal because no shell runs.
        let credentials = try await credentials(
            script: #"printf '{"Version":1,"AccessKeyId":"%s","SecretAccessKey":"%s"}' "$1" "$2""#,
            command: { "'\($0)' \"two words\" $HOME" })
        #expect(credentials.accessKeyID == "two words")
        #expect(credentials.secretAccessKey == "$HOME")
        #expect(credentials.sessionToken == nil)
        #expect(credentials.expiration == nil)
    }

    @Test func nonZeroExitShowsStandardErrorButNeverStandardOutput() async throws {
        let error = await #expect(throws: CredentialSourceFailed.self) {
            try await credentials(script: "echo 'AKIDLEAKED wJalrSECRET'\necho 'the SSO token has expired' >&2\nexit 3")
        }
        let message = error?.description ?? ""
        #expect(message.contains("credential_process (profile default)"))
        #expect(message.contains("exited with status 3: the SSO token has expired"))
        #expect(!message.contains("wJalrSECRET"))
    }

    @Test func outputThatIsNotJSONIsAnErrorThatDoesNotQuoteIt() async throws {
        let error = await #expect(throws: CredentialSourceFailed.self) {
            try await credentials(script: "echo 'AccessKeyId=AKID SecretAccessKey=wJalrSECRET'")
        }
        #expect(error?.description.contains("did not print a JSON object") == true)
        #expect(error?.description.contains("wJalrSECRET") == false)
    }

    @Test func unsupportedVersionAndMissingKeysAreErrors() async throws {
        let version = await #expect(throws: CredentialSourceFailed.self) {
            try await credentials(script: #"echo '{"Version": 2, "AccessKeyId": "a", "SecretAccessKey": "b"}'"#)
        }
        #expect(version?.description.contains("Version 2; the supported version is 1") == true)
        let missing = await #expect(throws: CredentialSourceFailed.self) {
            try await credentials(script: #"echo '{"Version": 1, "AccessKeyId": "a"}'"#)
        }
        #expect(missing?.description.contains("lacks SecretAccessKey") == true)
    }

    @Test func aCommandThatDoesNotExistIsAnError() async throws {
        let error = await #expect(throws: CredentialSourceFailed.self) {
            try await credentials(script: "", command: { _ in "slipway-no-such-helper --flag" })
        }
        #expect(error?.description.contains("slipway-no-such-helper: command not found") == true)
    }

    @Test func commandsOnThePathAreFound() async throws {
        let credentials = try await credentials(script: "", command: { _ in
            #"printf {\"Version\":1,\"AccessKeyId\":\"AKIDPATH\",\"SecretAccessKey\":\"s\"}"#
        })
        #expect(credentials.accessKeyID == "AKIDPATH")
    }

    @Test func comesAfterTheCredentialsFileAndBeforeConfigFileKeys() async throws {
        let script = "echo '\(Self.goodOutput)'"
        let overConfig = try await credentials(script: script, extraConfig: "aws_access_key_id = FROMCONFIG\naws_secret_access_key = c\n")
        #expect(overConfig.accessKeyID == "AKIDPROCESS")
        let underCredentials = try await credentials(script: script, credentialsFile: "[default]\naws_access_key_id = FROMCREDENTIALS\naws_secret_access_key = k\n")
        #expect(underCredentials.accessKeyID == "FROMCREDENTIALS")
    }

    @Test func largeOutputOnBothStreamsDoesNotDeadlock() async throws {
        // Far more than a pipe's buffer on each stream, interleaved.
        let errorLine = String(repeating: "x", count: 99)
        let outputLine = String(repeating: "y", count: 49)
        let output = try await ChildProcess.run(
            ["/bin/sh", "-c", "i=0; while [ $i -lt 2000 ]; do echo \(errorLine) >&2; echo \(outputLine); i=$((i+1)); done; exit 7"],
            variables: ["PATH": "/usr/bin:/bin"])
        #expect(output.exitStatus == 7)
        #expect(output.standardError.count == 2000 * 100)
        #expect(output.standardOutput.count == 2000 * 50)
    }

    @Test(arguments: [
        ("a b  c", ["a", "b", "c"]),
        ("'a b' \"c d\" e\\ f", ["a b", "c d", "e f"]),
        (#""say \"hi\" \$x""#, [#"say "hi" \$x"#]),
        ("''", [""]),
        ("pre'quoted'post", ["prequotedpost"]),
    ])
    func shellWords(_ line: String, _ words: [String]) throws {
        #expect(try ShellWords.split(line) == words)
    }

    @Test func unterminatedQuotesAreRejected() {
        #expect(throws: ShellWords.Failure.self) { try ShellWords.split("'open") }
        #expect(throws: ShellWords.Failure.self) { try ShellWords.split("trailing\\") }
    }
}
