import AWSSigV4
import Foundation
import Testing
@testable import AWSCore

/// The container and EC2 instance metadata sources, against a transport that answers as those
/// endpoints do (they are AWS's own and cannot run locally).
struct ContainerCredentialTests {
    static let reply = HTTPResponse.json(200, #"{"RoleArn":"arn:aws:iam::123456789012:role/task","AccessKeyId":"ASIACONTAINER","SecretAccessKey":"containersecret","Token":"containertoken","Expiration":"2030-02-03T04:05:06Z"}"#)

    @Test func relativeURIOnTheECSHost() async throws {
        let transport = ScriptedTransport(responses: [Self.reply])
        let provider = ContainerCredentialProvider(variables: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"], transport: transport)
        let credentials = try await provider.credentials()
        #expect(credentials == AWSCredentials(accessKeyID: "ASIACONTAINER", secretAccessKey: "containersecret", sessionToken: "containertoken",
                                              expiration: ISO8601Timestamp.parse("2030-02-03T04:05:06Z")))
        let request = try #require(transport.requests.first)
        #expect(request.method == "GET")
        #expect(request.url == "http://169.254.170.2/v2/credentials/abc")
        #expect(request.header("Accept") == "application/json")
        #expect(request.header("Authorization") == nil)
    }

    @Test func relativeURIWinsOverFullURI() async throws {
        let transport = ScriptedTransport(responses: [Self.reply])
        _ = try await ContainerCredentialProvider(variables: [
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/rel", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1/full",
        ], transport: transport).credentials()
        #expect(transport.requests.map(\.url) == ["http://169.254.170.2/rel"])
    }

    @Test func fullURIWithTheTokenFileReadOnEveryRefresh() async throws {
        let directory = try TemporaryDirectory()
        let tokenFile = try directory.write("token", "first-token")
        let transport = ScriptedTransport(responses: [Self.reply])
        let provider = ContainerCredentialProvider(variables: [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-when-a-file-is-given",
        ], transport: transport)
        _ = try await provider.credentials()
        try directory.write("token", "second-token")
        _ = try await provider.credentials()
        #expect(transport.requests.map { $0.header("Authorization") } == ["first-token", "second-token"])
        #expect(transport.requests.first?.url == "http://169.254.170.23/v1/credentials")
    }

    @Test func fullURIWithTheTokenVariable() async throws {
        let transport = ScriptedTransport(responses: [Self.reply])
        _ = try await ContainerCredentialProvider(variables: [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:51679/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Basic abc",
        ], transport: transport).credentials()
        #expect(transport.requests.first?.header("Authorization") == "Basic abc")
    }

    @Test(arguments: [
        ("http://127.0.0.1:8080/creds", true), ("http://127.1.2.3/creds", true), ("http://localhost/creds", true),
        ("http://[::1]:80/creds", true), ("http://169.254.170.2/creds", true), ("http://169.254.170.23/creds", true),
        ("http://[fd00:ec2::23]/creds", true), ("https://creds.example.com/x", true),
        ("http://creds.example.com/x", false), ("http://169.254.169.254/latest", false), ("http://10.0.0.1/x", false),
        ("ftp://127.0.0.1/x", false), ("http://127.0.0.1.example.com/x", false),
    ])
    func fullURIHosts(_ url: String, _ allowed: Bool) {
        #expect(ContainerCredentialProvider.isAllowed(url) == allowed)
    }

    @Test func aFullURIToAnotherHostOverHTTPIsRefused() async throws {
        let transport = ScriptedTransport(responses: [Self.reply])
        let error = await #expect(throws: CredentialSourceFailed.self) {
            try await ContainerCredentialProvider(variables: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://evil.example.com/creds"], transport: transport).credentials()
        }
        #expect(error?.description.contains("must use https") == true)
        #expect(transport.requests.isEmpty)
    }

    @Test func aTokenWithALineBreakIsRefused() async throws {
        await #expect(throws: CredentialSourceFailed.self) {
            try await ContainerCredentialProvider(variables: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "abc\r\nX-Evil: 1",
            ], transport: ScriptedTransport(responses: [Self.reply])).credentials()
        }
    }

    @Test func failuresAreRetriedThreeTimesThenReported() async throws {
        let sleeps = Recorder<Duration>()
        let transport = ScriptedTransport(responses: [.text(500, "busy"), Self.reply])
        let provider = ContainerCredentialProvider(variables: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/c"], transport: transport,
                                                   sleep: { await sleeps.append($0) })
        #expect(try await provider.credentials().accessKeyID == "ASIACONTAINER")
        #expect(transport.requests.count == 2)

        let failing = ScriptedTransport { request, _ in throw TransportError(url: request.url, reason: "connection refused") }
        let error = await #expect(throws: CredentialSourceFailed.self) {
            try await ContainerCredentialProvider(variables: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/c"], transport: failing,
                                                  sleep: { await sleeps.append($0) }).credentials()
        }
        #expect(failing.requests.count == 3)
        #expect(error?.description.contains("connection refused (after 3 attempts)") == true)
        #expect(await sleeps.values == [.seconds(1), .seconds(1), .seconds(1)])
    }

    @Test func notConfiguredWithoutTheVariables() async throws {
        let error = await #expect(throws: CredentialSourceNotConfigured.self) {
            try await ContainerCredentialProvider(variables: [:], transport: noNetwork).credentials()
        }
        #expect(error?.reason.contains("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == true)
    }
}

struct InstanceMetadataTests {
    static let credentialsJSON = #"{"Code":"Success","LastUpdated":"2024-01-01T00:00:00Z","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imdssecret","Token":"imdstoken","Expiration":"2030-06-07T08:09:10Z"}"#

    /// Answers like IMDS: a token for PUT (or `tokenStatus`), then the role, then its credentials.
    static func imds(tokenStatus: Int = 200, credentials: String = credentialsJSON) -> ScriptedTransport {
        ScriptedTransport { request, _ in
            let afterScheme = request.url.components(separatedBy: "://").last ?? ""
            let path = afterScheme.firstIndex(of: "/").map { String(afterScheme[afterScheme.index(after: $0)...]) } ?? ""
            switch (request.method, path) {
            case ("PUT", "latest/api/token"):
                return tokenStatus == 200 ? .text(200, "imds-session-token") : .text(tokenStatus, "")
            case ("GET", "latest/meta-data/iam/security-credentials/"):
                return .text(200, "my-instance-role\n")
            case ("GET", "latest/meta-data/iam/security-credentials/my-instance-role"):
                return .json(200, credentials)
            default:
                return .text(404, "not found")
            }
        }
    }

    @Test func imdsV2TokenThenRoleThenCredentials() async throws {
        let transport = Self.imds()
        let credentials = try await InstanceMetadataCredentialProvider(variables: [:], profile: nil, transport: transport).credentials()
        #expect(credentials == AWSCredentials(accessKeyID: "ASIAIMDS", secretAccessKey: "imdssecret", sessionToken: "imdstoken",
                                              expiration: ISO8601Timestamp.parse("2030-06-07T08:09:10Z")))
        let requests = transport.requests
        #expect(requests.map { "\($0.method) \($0.url)" } == [
            "PUT http://169.254.169.254/latest/api/token",
            "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/my-instance-role",
        ])
        #expect(requests[0].header("x-aws-ec2-metadata-token-ttl-seconds") == "21600")
        #expect(requests[1].header("x-aws-ec2-metadata-token") == "imds-session-token")
        #expect(requests[2].header("x-aws-ec2-metadata-token") == "imds-session-token")
        #expect(transport.requestTimeouts.allSatisfy { $0 == .seconds(1) })
    }

    @Test func fallsBackToIMDSv1WhenNoTokenIsGiven() async throws {
        let transport = Self.imds(tokenStatus: 403)
        #expect(try await InstanceMetadataCredentialProvider(variables: [:], profile: nil, transport: transport).credentials().accessKeyID == "ASIAIMDS")
        #expect(transport.requests.dropFirst().allSatisfy { $0.header("x-aws-ec2-metadata-token") == nil })
    }

    @Test func noFallbackWhenIMDSv1IsDisabled() async throws {
        let transport = Self.imds(tokenStatus: 404)
        await #expect(throws: CredentialSourceNotConfigured.self) {
            try await InstanceMetadataCredentialProvider(variables: ["AWS_EC2_METADATA_V1_DISABLED": "true"], profile: nil, transport: transport).credentials()
        }
        #expect(transport.requests.count == 1)
    }

    @Test func offEC2ItGivesUpQuicklyAsNotConfigured() async throws {
        let transport = ScriptedTransport { request, _ in throw TransportError(url: request.url, reason: "timed out") }
        let error = await #expect(throws: CredentialSourceNotConfigured.self) {
            try await InstanceMetadataCredentialProvider(variables: [:], profile: nil, transport: transport).credentials()
        }
        #expect(error?.reason == "no instance metadata service answered at http://169.254.169.254 (not on EC2?): timed out")
        #expect(transport.requests.count == 2)
    }

    @Test func disabledMeansNoRequestAtAll() async throws {
        let transport = Self.imds()
        let error = await #expect(throws: CredentialSourceNotConfigured.self) {
            try await InstanceMetadataCredentialProvider(variables: ["AWS_EC2_METADATA_DISABLED": "TRUE"], profile: nil, transport: transport).credentials()
        }
        #expect(error?.reason == "AWS_EC2_METADATA_DISABLED is true")
        #expect(transport.requests.isEmpty)
    }

    @Test func endpointOverrideAndIPv6Mode() async throws {
        let transport = Self.imds()
        _ = try await InstanceMetadataCredentialProvider(variables: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1338/"], profile: nil, transport: transport).credentials()
        #expect(transport.requests.first?.url == "http://127.0.0.1:1338/latest/api/token")

        let ipv6 = Self.imds()
        let profile = AWSProfile(name: "default", settings: ["ec2_metadata_service_endpoint_mode": "IPv6", "metadata_service_timeout": "3"])
        _ = try await InstanceMetadataCredentialProvider(variables: [:], profile: profile, transport: ipv6).credentials()
        #expect(ipv6.requests.first?.url == "http://[fd00:ec2::254]/latest/api/token")
        #expect(ipv6.requestTimeouts.first == .seconds(3))
    }

    @Test func anErrorInsideA200IsNotCredentials() async throws {
        let transport = Self.imds(credentials: #"{"Code":"AssumeRoleUnauthorizedAccess","Message":"EC2 cannot assume the role","LastUpdated":"2024-01-01T00:00:00Z"}"#)
        let error = await #expect(throws: CredentialSourceNotConfigured.self) {
            try await InstanceMetadataCredentialProvider(variables: [:], profile: nil, transport: transport).credentials()
        }
        #expect(error?.reason.contains("AssumeRoleUnauthorizedAccess: EC2 cannot assume the role") == true)
    }

    @Test func anInstanceWithoutARoleIsNotConfigured() async throws {
        let transport = ScriptedTransport { request, _ in request.method == "PUT" ? .text(200, "t") : .text(404, "") }
        let error = await #expect(throws: CredentialSourceNotConfigured.self) {
            try await InstanceMetadataCredentialProvider(variables: [:], profile: nil, transport: transport).credentials()
        }
        #expect(error?.reason == "http://169.254.169.254 gave no IAM role name: HTTP 404")
    }
}

/// Collects values from concurrent code.
actor Recorder<Value: Sendable> {
    private(set) var values: [Value] = []
    func append(_ value: Value) { values.append(value) }
}

/// Records synchronously, for observers that are not async (the client's call observer): what
/// it holds is complete as soon as the call returns, with no waiting for tasks to run.
final class SyncRecorder<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Value] = []

    var values: [Value] { lock.withLock { recorded } }
    func append(_ value: Value) { lock.withLock { recorded.append(value) } }
}
