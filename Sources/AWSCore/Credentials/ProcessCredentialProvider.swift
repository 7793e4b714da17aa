import AWSSigV4

/// A profile's `credential_process`: runs the command and reads the JSON it prints
/// (`{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}`).
/// Its standard output holds secrets, so no message ever quotes it; its standard error is shown.
public struct ProcessCredentialProvider: CredentialProvider {
    public var sourceName: String { "credential_process (profile \(profileName))" }
    let profileName: String
    let sharedConfig: SharedConfig
    let variables: [String: String]

    /// - Parameter environment: the variables the command runs with.
    public init(profileName: String, sharedConfig: SharedConfig, variables: [String: String]) {
        self.profileName = profileName
        self.sharedConfig = sharedConfig
        self.variables = variables
    }

    public func credentials() async throws -> AWSCredentials {
        guard let commandLine = sharedConfig.profile(named: profileName)?["credential_process"], !commandLine.isEmpty else {
            throw CredentialSourceNotConfigured("profile '\(profileName)' has no credential_process")
        }
        let arguments: [String]
        do {
            arguments = try ShellWords.split(commandLine)
        } catch {
            throw failed("its command line cannot be read: \(error)")
        }
        guard let program = arguments.first else { throw failed("the command is empty") }

        let output: ChildProcess.Output
        do {
            output = try await ChildProcess.run(arguments, variables: variables)
        } catch {
            throw failed("could not run it: \(error)")
        }
        guard output.exitStatus == 0 else {
            let ending = output.exitStatus.map { "exited with status \($0)" } ?? "was killed by signal \(output.signal ?? 0)"
            let errorText = Self.excerpt(String(decoding: output.standardError, as: UTF8.self))
            throw failed("\(program) \(ending)" + (errorText.isEmpty ? " and wrote nothing to standard error" : ": \(errorText)"))
        }
        return try parse(output.standardOutput, program: program)
    }

    func parse(_ bytes: [UInt8], program: String) throws -> AWSCredentials {
        guard let json = try? JSONValue.parse(bytes), case .object = json else {
            throw failed("\(program) did not print a JSON object (its output is not shown, as it may hold secrets)")
        }
        guard case .number(1) = json["Version"] else {
            let version = json["Version"].map { $0.jsonText() } ?? "none"
            throw failed("\(program) printed Version \(version); the supported version is 1")
        }
        guard let keyID = json["AccessKeyId"]?.stringValue else { throw failed("\(program)'s output lacks AccessKeyId") }
        guard let secret = json["SecretAccessKey"]?.stringValue else { throw failed("\(program)'s output lacks SecretAccessKey") }
        var expiration: Date?
        if let text = json["Expiration"]?.stringValue {
            guard let date = ISO8601Timestamp.parse(text) else {
                throw failed("\(program)'s Expiration '\(text)' is not an ISO 8601 time such as 2030-01-31T12:00:00Z")
            }
            expiration = date
        }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: json["SessionToken"]?.stringValue, expiration: expiration)
    }

    private func failed(_ reason: String) -> CredentialSourceFailed {
        CredentialSourceFailed(source: sourceName, reason: reason)
    }

    /// The end of a long error text, where the reason usually is.
    static func excerpt(_ text: String, limit: Int = 2000) -> String {
        let trimmed = text.trimmed()
        return trimmed.count <= limit ? trimmed : "…" + trimmed.suffix(limit)
    }
}
