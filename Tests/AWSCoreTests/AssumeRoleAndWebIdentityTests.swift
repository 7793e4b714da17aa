import AWSSigV4
import Foundation
import Testing
@testable import AWSCore

/// Roles assumed from profiles and web identity tokens, against a stand-in for STS that
/// records what it was asked and with which key each call was signed.
struct AssumeRoleTests {
    /// Answers AssumeRole with keys named after the role (`ASIA-<role name>`).
    static let sts = ScriptedTransport { request, _ in
        let parameters = request.formParameters
        guard request.url.hasPrefix("https://sts.us-east-1.amazonaws.com"), let action = parameters["Action"],
              let role = parameters["RoleArn"]?.split(separator: "/").last else {
            return .text(400, "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>")
        }
        return stsCredentialsReply(action: action, keyID: "ASIA-\(role)", secret: "secret-\(role)", token: "token-\(role)")
    }

    static let baseProfile = """
        [profile base]
        aws_access_key_id = AKIDBASE
        aws_secret_access_key = basesecret

        """

    func assume(_ config: String, profile: String? = "deploy", extra: [String: String] = [:], transport: ScriptedTransport = ScriptedTransport { _, _ in .text(500, "") }) async throws -> AWSCredentials {
        let directory = try TemporaryDirectory()
        return try await chain(try directory.environment(config: config, extra), profile: profile, transport: transport).credentials()
    }

    @Test func sourceProfileWithStaticKeysAndEveryRoleSetting() async throws {
        let transport = ScriptedTransport { request, index in try Self.sts.send(request, index) }
        let credentials = try await assume(Self.baseProfile + """
            [profile deploy]
            role_arn = arn:aws:iam::123456789012:role/deploy
            source_profile = base
            role_session_name = ci-run
            external_id = ext-123
            duration_seconds = 1800
            """, transport: transport)
        #expect(credentials == AWSCredentials(accessKeyID: "ASIA-deploy", secretAccessKey: "secret-deploy", sessionToken: "token-deploy",
                                              expiration: ISO8601Timestamp.parse("2030-01-01T00:00:00Z")))
        let request = try #require(transport.requests.first)
        #expect(request.formParameters == [
            "Action": "AssumeRole", "Version": "2011-06-15", "RoleArn": "arn:aws:iam::123456789012:role/deploy",
            "RoleSessionName": "ci-run", "ExternalId": "ext-123", "DurationSeconds": "1800",
        ])
        #expect(request.signingKeyID == "AKIDBASE")
    }

    @Test func chainedRolesAreAssumedInOrderEachSignedByThePrevious() async throws {
        let transport = ScriptedTransport { request, index in try Self.sts.send(request, index) }
        let credentials = try await assume(Self.baseProfile + """
            [profile middle]
            role_arn = arn:aws:iam::123456789012:role/middle
            source_profile = base
            [profile deploy]
            role_arn = arn:aws:iam::222222222222:role/deploy
            source_profile = middle
            """, transport: transport)
        #expect(credentials.accessKeyID == "ASIA-deploy")
        #expect(transport.requests.map { $0.formParameters["RoleArn"] } == ["arn:aws:iam::123456789012:role/middle", "arn:aws:iam::222222222222:role/deploy"])
        #expect(transport.requests.map(\.signingKeyID) == ["AKIDBASE", "ASIA-middle"])
        #expect(transport.requests.last?.header("X-Amz-Security-Token") == "token-middle")
    }

    @Test func aDefaultSessionNameIsGenerated() async throws {
        let transport = ScriptedTransport { request, index in try Self.sts.send(request, index) }
        _ = try await assume(Self.baseProfile + "[profile deploy]\nrole_arn = arn:aws:iam::1:role/deploy\nsource_profile = base\n", transport: transport)
        let name = try #require(transport.requests.first?.formParameters["RoleSessionName"])
        #expect(name.hasPrefix("slipway-session-") && name.dropFirst(16).allSatisfy(\.isNumber))
    }

    @Test func aProfileMayNameItselfToUseItsOwnKeys() async throws {
        let transport = ScriptedTransport { request, index in try Self.sts.send(request, index) }
        let credentials = try await assume("""
            [profile deploy]
            role_arn = arn:aws:iam::1:role/deploy
            source_profile = deploy
            aws_access_key_id = AKIDSELF
            aws_secret_access_key = s
            """, transport: transport)
        #expect(credentials.accessKeyID == "ASIA-deploy")
        #expect(transport.requests.map(\.signingKeyID) == ["AKIDSELF"])
    }

    @Test func sourceProfileLoopsAreRefused() async throws {
        let error = await #expect(throws: CredentialSourceFailed.self) {
            try await assume("""
                [profile deploy]
                role_arn = arn:aws:iam::1:role/a
                source_profile = other
                [profile other]
                role_arn = arn:aws:iam::1:role/b
                source_profile = deploy
                """)
        }
        #expect(error?.description.contains("source_profile makes a loop: deploy -> other -> deploy") == true)
    }

    @Test func credentialSourceEnvironmentReadsTheKeysEvenWithProfileOption() async throws {
        let transport = ScriptedTransport { request, index in try Self.sts.send(request, index) }
        _ = try await assume("[profile deploy]\nrole_arn = arn:aws:iam::1:role/deploy\ncredential_source = environment\n",
                             extra: ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "e"], transport: transport)
        #expect(transport.requests.map(\.signingKeyID) == ["AKIDENV"])
    }

    @Test func credentialSourceInstanceMetadata() async throws {
        let imds = InstanceMetadataTests.imds()
        let transport = ScriptedTransport { request, index in
            request.url.hasPrefix("https://sts.") ? try Self.sts.send(request, index) : try imds.send(request, index)
        }
        _ = try await assume("[profile deploy]\nrole_arn = arn:aws:iam::1:role/deploy\ncredential_source = Ec2InstanceMetadata\n",
                             extra: ["AWS_EC2_METADATA_DISABLED": "false"], transport: transport)
        #expect(transport.requests.compactMap(\.signingKeyID) == ["ASIAIMDS"])
        #expect(transport.requests.last?.header("X-Amz-Security-Token") == "imdstoken")
    }

    @Test(arguments: [
        ("role_arn = arn:aws:iam::1:role/x\ncredential_source = Ec2Config\n", "credential_source 'Ec2Config' of profile 'deploy' is not valid"),
        ("role_arn = arn:aws:iam::1:role/x\ncredential_source = Environment\nsource_profile = base\n", "has both source_profile and credential_source"),
        ("role_arn = arn:aws:iam::1:role/x\n", "has role_arn but neither source_profile nor credential_source"),
        ("role_arn = arn:aws:iam::1:role/x\nsource_profile = nowhere\n", "the source_profile 'nowhere' of profile 'deploy' does not exist"),
        ("role_arn = arn:aws:iam::1:role/x\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/me\n", "requires an MFA code"),
        ("role_arn = arn:aws:iam::1:role/x\nsource_profile = empty\n", "the source_profile 'empty' of profile 'deploy' has no credentials"),
        ("role_arn = arn:aws:iam::1:role/x\ncredential_source = EcsContainer\n", "no credentials from credential_source EcsContainer"),
    ])
    func badRoleSettingsAreClearErrors(_ settings: String, _ message: String) async throws {
        let error = await #expect(throws: CredentialSourceFailed.self) {
            try await assume(Self.baseProfile + "[profile empty]\nregion = us-east-1\n[profile deploy]\n" + settings)
        }
        #expect(error?.description.contains(message) == true, "\(error?.description ?? "no error")")
    }

    @Test func stsRefusalIsReportedWithItsCode() async throws {
        let transport = ScriptedTransport(responses: [.text(403, """
            <ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform: sts:AssumeRole</Message></Error><RequestId>r-1</RequestId></ErrorResponse>
            """)])
        let error = await #expect(throws: CredentialSourceFailed.self) {
            try await assume(Self.baseProfile + "[profile deploy]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = base\n", transport: transport)
        }
        #expect(error?.description.contains("STS AssumeRole of arn:aws:iam::1:role/x (profile 'deploy') failed: STS AssumeRole: AccessDenied: not authorized") == true)
    }
}

struct WebIdentityTests {
    static let sts = ScriptedTransport { request, _ in
        stsCredentialsReply(action: "AssumeRoleWithWebIdentity", keyID: "ASIAWEB-" + (request.formParameters["WebIdentityToken"] ?? ""))
    }

    @Test func fromTheEnvironmentUnsignedAndReadingTheTokenFileOnEveryRefresh() async throws {
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", "jwt-one")
        let transport = ScriptedTransport { request, index in try Self.sts.send(request, index) }
        let provider = try chain(try directory.environment([
            "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/ci", "AWS_ROLE_SESSION_NAME": "gha",
        ]), transport: transport)
        #expect(try await provider.credentials().accessKeyID == "ASIAWEB-jwt-one")
        try directory.write("token", "jwt-two")
        #expect(try await provider.credentials().accessKeyID == "ASIAWEB-jwt-two")

        let request = try #require(transport.requests.first)
        #expect(request.header("Authorization") == nil)
        #expect(request.header("X-Amz-Security-Token") == nil)
        #expect(request.formParameters == [
            "Action": "AssumeRoleWithWebIdentity", "Version": "2011-06-15", "RoleArn": "arn:aws:iam::123456789012:role/ci",
            "RoleSessionName": "gha", "WebIdentityToken": "jwt-one",
        ])
    }

    @Test func fromTheProfileWithAGeneratedSessionName() async throws {
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", "jwt")
        let transport = ScriptedTransport { request, index in try Self.sts.send(request, index) }
        _ = try await chain(try directory.environment(config: """
            [profile ci]
            web_identity_token_file = \(tokenFile)
            role_arn = arn:aws:iam::123456789012:role/ci
            """), profile: "ci", transport: transport).credentials()
        let parameters = try #require(transport.requests.first?.formParameters)
        #expect(parameters["RoleArn"] == "arn:aws:iam::123456789012:role/ci")
        #expect(parameters["RoleSessionName"]?.hasPrefix("slipway-session-") == true)
    }

    @Test func webIdentityComesBeforeProfileKeysButAfterEnvironmentKeys() async throws {
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", "jwt")
        let transport = ScriptedTransport { request, index in try Self.sts.send(request, index) }
        let variables = ["AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::1:role/ci"]
        let keys = "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n"
        #expect(try await chain(try directory.environment(credentials: keys, variables), transport: transport).credentials().accessKeyID == "ASIAWEB-jwt")
        let withKeys = variables.merging(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "e"]) { $1 }
        #expect(try await chain(try directory.environment(credentials: keys, withKeys), transport: transport).credentials().accessKeyID == "AKIDENV")
    }

    @Test func profileOptionIgnoresTheVariables() async throws {
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", "jwt")
        let environment = try directory.environment(credentials: "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n",
                                                    ["AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::1:role/ci"])
        #expect(try await chain(environment, profile: "dev", transport: noNetwork).credentials().accessKeyID == "AKIDDEV")
    }

    @Test func aTokenFileWithoutARoleIsAnError() async throws {
        let directory = try TemporaryDirectory()
        let error = await #expect(throws: CredentialSourceFailed.self) {
            try await chain(try directory.environment(["AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/token"]), transport: noNetwork).credentials()
        }
        #expect(error?.description.contains("no role: set AWS_ROLE_ARN or role_arn in profile 'default'") == true)
    }

    @Test func aRoleProfileWithATokenFileIsLeftToWebIdentity() async throws {
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", "jwt")
        let transport = ScriptedTransport { request, index in try Self.sts.send(request, index) }
        _ = try await chain(try directory.environment(config: "[default]\nrole_arn = arn:aws:iam::1:role/ci\nweb_identity_token_file = \(tokenFile)\n"),
                            transport: transport).credentials()
        #expect(transport.requests.map { $0.formParameters["Action"] } == ["AssumeRoleWithWebIdentity"])
    }
}
