import Foundation
import SlipwayTestSupport
import Testing
@testable import AWSCore

/// Against the local emulator (moto with signature checks): a bad signature is an AWS error,
/// and a role assumed from a source profile really signs the next call.
struct EmulatorCredentialTests {
    struct CallerIdentity: Decodable {
        let Account: String
        let Arn: String
        let UserId: String
    }

    @Test func emulatorRejectsAWrongSecretWithSignatureDoesNotMatch() async throws {
        let emulator = try await Emulator.shared.connection()
        let client = emulator.client(secretAccessKey: "wrong")
        let error = await #expect(throws: AWSError.self) {
            try await client.query(STSService.description, "GetCallerIdentity", EmptyShape(), as: CallerIdentity.self)
        }
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(error?.statusCode == 403)
    }

    @Test func emulatorAcceptsTheRightSecret() async throws {
        let emulator = try await Emulator.shared.connection()
        let identity = try await emulator.client().query(STSService.description, "GetCallerIdentity", EmptyShape(), as: CallerIdentity.self)
        #expect(identity.Arn.hasSuffix(":user/slipway-admin"))
    }

    @Test func emulatorAssumesTheRoleOfAProfileWithASourceProfile() async throws {
        let emulator = try await Emulator.shared.connection()
        let directory = try TemporaryDirectory()
        let environment = try directory.environment(config: """
            [profile admin]
            aws_access_key_id = \(emulator.accessKeyID)
            aws_secret_access_key = \(emulator.secretAccessKey)

            [profile deploy]
            role_arn = arn:aws:iam::123456789012:role/slipway-core-test
            source_profile = admin
            role_session_name = core-test
            duration_seconds = 900
            """, ["AWS_ENDPOINT_URL": emulator.endpoint, "AWS_REGION": emulator.region])
        let records = SyncRecorder<String>()
        let client = try AWSConfiguration(profile: "deploy", variables: environment)
            .makeClient(observer: { record in records.append("\(record.service) \(record.operation) \(record.status ?? 0)") })
        let identity = try await client.query(STSService.description, "GetCallerIdentity", EmptyShape(), as: CallerIdentity.self)
        #expect(identity.Arn == "arn:aws:sts::123456789012:assumed-role/slipway-core-test/core-test")
        let credentials = try await client.credentialProvider.credentials()
        #expect(credentials.sessionToken != nil)
        #expect(credentials.expiration != nil)
        #expect(records.values == ["STS AssumeRole 200", "STS GetCallerIdentity 200"])
    }
}
