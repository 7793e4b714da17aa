import AWSSigV4

/// STS AssumeRoleWithWebIdentity with a token file (EKS service accounts, GitHub Actions OIDC):
/// `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`, `AWS_ROLE_SESSION_NAME`, or the profile's
/// `web_identity_token_file`, `role_arn`, `role_session_name`, each variable winning over its
/// setting. The call is unsigned; the token file is read anew on every refresh, since it rotates.
public struct WebIdentityCredentialProvider: CredentialProvider {
    public var sourceName: String { "web identity token (AWS_WEB_IDENTITY_TOKEN_FILE or profile \(profileName))" }
    static let variables = ["web_identity_token_file": "AWS_WEB_IDENTITY_TOKEN_FILE", "role_arn": "AWS_ROLE_ARN", "role_session_name": "AWS_ROLE_SESSION_NAME"]

    let profileName: String
    let sharedConfig: SharedConfig
    let variables: [String: String]
    let stsClient: AWSClient
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - environment: nil when the variables are to be ignored (a profile chosen with `--profile`,
    ///     or a source profile of an assumed role).
    ///   - stsClient: the client for STS; its credentials are not used.
    public init(profileName: String, sharedConfig: SharedConfig, variables: [String: String]?, stsClient: AWSClient,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.profileName = profileName
        self.sharedConfig = sharedConfig
        self.variables = variables ?? [:]
        self.stsClient = stsClient
        self.now = now
    }

    struct Input: Encodable {
        let RoleArn: String
        let RoleSessionName: String
        let WebIdentityToken: String
    }

    public func credentials() async throws -> AWSCredentials {
        guard let tokenFile = setting("web_identity_token_file"), !tokenFile.isEmpty else {
            throw CredentialSourceNotConfigured("AWS_WEB_IDENTITY_TOKEN_FILE is not set and profile '\(profileName)' has no web_identity_token_file")
        }
        guard let roleARN = setting("role_arn"), !roleARN.isEmpty else {
            throw failed("a web identity token file (\(tokenFile)) is configured but no role: set AWS_ROLE_ARN or role_arn in profile '\(profileName)'")
        }
        let sessionName = setting("role_session_name").flatMap { $0.isEmpty ? nil : $0 } ?? "slipway-session-\(Int(now().timeIntervalSince1970))"
        guard let data = FileManager.default.contents(atPath: tokenFile) else {
            throw failed("cannot read the web identity token file \(tokenFile)")
        }
        let input = Input(RoleArn: roleARN, RoleSessionName: sessionName, WebIdentityToken: String(decoding: data, as: UTF8.self))
        do {
            let client = stsClient.with(credentials: AnonymousCredentialProvider())
            return try await client.query(STSService.description, "AssumeRoleWithWebIdentity", input, as: STSAssumeRoleResult.self).awsCredentials
        } catch {
            throw failed("STS AssumeRoleWithWebIdentity for \(roleARN) failed: \(error)")
        }
    }

    /// The variable when set (even empty, as botocore reads it), else the profile's setting.
    private func setting(_ key: String) -> String? {
        if let variable = Self.variables[key], let value = variables[variable] { return value }
        return sharedConfig.profile(named: profileName)?[key]
    }

    private func failed(_ reason: String) -> CredentialSourceFailed {
        CredentialSourceFailed(source: sourceName, reason: reason)
    }
}
