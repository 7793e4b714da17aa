import AWSSigV4
import Foundation
import Testing
@testable import AWSCore

/// Keys from the environment and from the shared files, and which one wins.
struct EnvironmentAndProfileCredentialTests {
    @Test func environmentKeysWithSessionTokenAndExpiration() async throws {
        let credentials = try await EnvironmentCredentialProvider(variables: [
            "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "session",
            "AWS_CREDENTIAL_EXPIRATION": "2030-01-31T12:00:00Z",
        ]).credentials()
        #expect(credentials.accessKeyID == "AKIDENV")
        #expect(credentials.secretAccessKey == "secret")
        #expect(credentials.sessionToken == "session")
        #expect(credentials.expiration == ISO8601Timestamp.parse("2030-01-31T12:00:00Z"))
    }

    @Test func olderSecurityTokenVariableIsReadFirstAsInBotocore() async throws {
        let credentials = try await EnvironmentCredentialProvider(variables: [
            "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_SECURITY_TOKEN": "old", "AWS_SESSION_TOKEN": "new",
        ]).credentials()
        #expect(credentials.sessionToken == "old")
    }

    @Test func environmentWithoutKeysIsNotConfigured() async throws {
        let error = await #expect(throws: CredentialSourceNotConfigured.self) {
            try await EnvironmentCredentialProvider(variables: ["AWS_ACCESS_KEY_ID": ""]).credentials()
        }
        #expect(error?.reason == "AWS_ACCESS_KEY_ID is not set")
    }

    @Test func keyIDWithoutSecretIsAnErrorNotASkip() async throws {
        let error = await #expect(throws: CredentialSourceFailed.self) {
            try await EnvironmentCredentialProvider(variables: ["AWS_ACCESS_KEY_ID": "AKID"]).credentials()
        }
        #expect(error?.description.contains("AWS_SECRET_ACCESS_KEY is not") == true)
    }

    @Test func defaultProfileFromTheCredentialsFile() async throws {
        let directory = try TemporaryDirectory()
        let environment = try directory.environment(credentials: """
            [default]
            aws_access_key_id = AKIDFILE
            aws_secret_access_key = secretfile
            aws_session_token = tokenfile
            """)
        let credentials = try await chain(environment, transport: noNetwork).credentials()
        #expect(credentials == AWSCredentials(accessKeyID: "AKIDFILE", secretAccessKey: "secretfile", sessionToken: "tokenfile"))
    }

    @Test func namedProfileFromTheConfigFile() async throws {
        let directory = try TemporaryDirectory()
        let environment = try directory.environment(config: """
            # a comment
            [default]
            region = eu-west-1
            [profile dev]   
            aws_access_key_id = AKIDDEV
            aws_secret_access_key = se#cret
            """, ["AWS_PROFILE": "dev"])
        let credentials = try await chain(environment, transport: noNetwork).credentials()
        #expect(credentials.accessKeyID == "AKIDDEV")
        #expect(credentials.secretAccessKey == "se#cret")
    }

    @Test func credentialsFileBeatsConfigFileForTheSameProfile() async throws {
        let directory = try TemporaryDirectory()
        let environment = try directory.environment(
            config: "[profile dev]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = c\n",
            credentials: "[dev]\naws_access_key_id = FROMCREDENTIALS\naws_secret_access_key = k\n",
            ["AWS_PROFILE": "dev"])
        #expect(try await chain(environment, transport: noNetwork).credentials().accessKeyID == "FROMCREDENTIALS")
    }

    @Test func environmentKeysBeatAWSProfileAsInTheCLI() async throws {
        let directory = try TemporaryDirectory()
        let environment = try directory.environment(
            credentials: "[dev]\naws_access_key_id = FROMFILE\naws_secret_access_key = k\n",
            ["AWS_PROFILE": "dev", "AWS_ACCESS_KEY_ID": "FROMENV", "AWS_SECRET_ACCESS_KEY": "e"])
        #expect(try await chain(environment, transport: noNetwork).credentials().accessKeyID == "FROMENV")
    }

    @Test func profileOptionBeatsEnvironmentKeys() async throws {
        let directory = try TemporaryDirectory()
        let environment = try directory.environment(
            credentials: "[dev]\naws_access_key_id = FROMFILE\naws_secret_access_key = k\n",
            ["AWS_ACCESS_KEY_ID": "FROMENV", "AWS_SECRET_ACCESS_KEY": "e"])
        #expect(try await chain(environment, profile: "dev", transport: noNetwork).credentials().accessKeyID == "FROMFILE")
    }

    @Test func profileOptionBeatsAWSProfile() throws {
        let directory = try TemporaryDirectory()
        let environment = try directory.environment(config: "[profile a]\nregion = eu-west-1\n[profile b]\nregion = eu-west-2\n",
                                                    ["AWS_PROFILE": "a", "AWS_DEFAULT_PROFILE": "b", "AWS_REGION": ""])
        #expect(try AWSConfiguration(variables: environment).profileName == "a")
        #expect(try AWSConfiguration(profile: "b", variables: environment).profileName == "b")
        var withoutProfile = environment
        withoutProfile["AWS_PROFILE"] = nil
        #expect(try AWSConfiguration(variables: withoutProfile).profileName == "b")
    }

    @Test func aProfileThatDoesNotExistIsAnError() throws {
        let directory = try TemporaryDirectory()
        let environment = try directory.environment(config: "[default]\nregion = us-east-1\n", ["AWS_PROFILE": "missing"])
        let error = #expect(throws: AWSClientError.self) { try AWSConfiguration(variables: environment) }
        #expect(error?.description.contains("the profile 'missing' is not in") == true)
    }

    @Test func partialKeysInAProfileAreAnError() async throws {
        let directory = try TemporaryDirectory()
        let environment = try directory.environment(credentials: "[default]\naws_access_key_id = AKID\n")
        await #expect(throws: CredentialSourceFailed.self) { try await chain(environment, transport: noNetwork).credentials() }
    }

    @Test func ssoProfileGetsAWayForward() async throws {
        let directory = try TemporaryDirectory()
        let environment = try directory.environment(config: """
            [profile corp]
            sso_session = corp
            sso_account_id = 123456789012
            sso_role_name = Admin
            """)
        let error = await #expect(throws: CredentialSourceFailed.self) {
            try await chain(environment, profile: "corp", transport: noNetwork).credentials()
        }
        #expect(error?.description.contains("aws configure export-credentials --profile corp --format process") == true)
    }
}
