import AWSSigV4
import Foundation
import Testing
@testable import AWSCore

/// The chain as a whole, and the cache in front of it.
struct CredentialChainTests {
    @Test func nothingFoundListsEverySourceAndWhy() async throws {
        let directory = try TemporaryDirectory()
        let environment = try directory.environment()
        let error = await #expect(throws: NoCredentialsError.self) { try await chain(environment, transport: noNetwork).credentials() }
        let lines = (error?.description ?? "").split(separator: "\n").map(String.init)
        #expect(lines == [
            "no AWS credentials found. Sources tried:",
            "  - environment variables: AWS_ACCESS_KEY_ID is not set",
            "  - assume role (profile default): no profile 'default'",
            "  - web identity token (AWS_WEB_IDENTITY_TOKEN_FILE or profile default): AWS_WEB_IDENTITY_TOKEN_FILE is not set and profile 'default' has no web_identity_token_file",
            "  - IAM Identity Center (profile default): profile 'default' has no sso_session or sso_start_url",
            "  - shared credentials file (profile default): no profile 'default' in \(directory.path)/credentials",
            "  - credential_process (profile default): profile 'default' has no credential_process",
            "  - config file (profile default): no profile 'default' in \(directory.path)/config",
            "  - container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI): neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set",
            "  - EC2 instance metadata (http://169.254.169.254): AWS_EC2_METADATA_DISABLED is true",
            "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or choose a profile with --profile or AWS_PROFILE.",
        ])
    }

    @Test func withProfileOptionTheEnvironmentIsNotEvenListed() async throws {
        let directory = try TemporaryDirectory()
        let environment = try directory.environment(config: "[profile empty]\nregion = eu-west-1\n")
        let error = await #expect(throws: NoCredentialsError.self) { try await chain(environment, profile: "empty", transport: noNetwork).credentials() }
        #expect(error?.passedOver.first?.source == "assume role (profile empty)")
        #expect(error?.passedOver.count == 8)
    }

    @Test func containerComesBeforeInstanceMetadata() async throws {
        let directory = try TemporaryDirectory()
        let transport = ScriptedTransport(responses: [ContainerCredentialTests.reply])
        let environment = try directory.environment(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/creds", "AWS_EC2_METADATA_DISABLED": "false"])
        #expect(try await chain(environment, transport: transport).credentials().accessKeyID == "ASIACONTAINER")
        #expect(transport.requests.count == 1)
    }

    @Test func instanceMetadataIsTheLastResort() async throws {
        let directory = try TemporaryDirectory()
        let environment = try directory.environment(["AWS_EC2_METADATA_DISABLED": "false"])
        #expect(try await chain(environment, transport: InstanceMetadataTests.imds()).credentials().accessKeyID == "ASIAIMDS")
    }

    @Test func aSourceThatFailsStopsTheChain() async throws {
        let directory = try TemporaryDirectory()
        // credential_process is set up but broken: the config file's keys after it must not be used.
        let environment = try directory.environment(config: "[default]\ncredential_process = /bin/false\naws_access_key_id = A\naws_secret_access_key = B\n")
        await #expect(throws: CredentialSourceFailed.self) { try await chain(environment, transport: noNetwork).credentials() }
    }

    @Test func makeClientUsesTheChainThroughTheCache() async throws {
        let directory = try TemporaryDirectory()
        let environment = try directory.environment(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "e", "AWS_REGION": "eu-west-1"])
        let configuration = try AWSConfiguration(variables: environment)
        let client = configuration.makeClient(transport: noNetwork)
        #expect(client.credentialProvider is CachedCredentialProvider)
        #expect(try await client.credentialProvider.credentials().accessKeyID == "AKIDENV")
    }
}

/// Counts calls and hands out credentials that expire at a set time after "now".
actor CountingProvider: CredentialProvider {
    nonisolated let sourceName = "counting"
    let clock: ManualClock
    let lifetime: TimeInterval
    let delay: Duration
    private(set) var calls = 0
    var failing = false

    init(clock: ManualClock, lifetime: TimeInterval = 3600, delay: Duration = .zero) {
        self.clock = clock
        self.lifetime = lifetime
        self.delay = delay
    }

    func setFailing(_ value: Bool) { failing = value }

    func credentials() async throws -> AWSCredentials {
        calls += 1
        let call = calls
        if delay > .zero { try await Task.sleep(for: delay) }
        if failing { throw CredentialSourceFailed(source: sourceName, reason: "down") }
        return AWSCredentials(accessKeyID: "KEY\(call)", secretAccessKey: "s", expiration: clock.now + lifetime)
    }
}

struct CachedCredentialProviderTests {
    @Test func oneRefreshForManyConcurrentCallers() async throws {
        let clock = ManualClock()
        let base = CountingProvider(clock: clock, delay: .milliseconds(100))
        let cache = CachedCredentialProvider(base, now: clock.function)
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 { group.addTask { try await cache.credentials().accessKeyID } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(keys) == ["KEY1"])
        #expect(await base.calls == 1)
    }

    @Test func refreshesFiveMinutesBeforeExpiry() async throws {
        let clock = ManualClock()
        let base = CountingProvider(clock: clock, lifetime: 3600)
        let cache = CachedCredentialProvider(base, now: clock.function)
        #expect(try await cache.credentials().accessKeyID == "KEY1")
        clock.advance(by: 3600 - 301)
        #expect(try await cache.credentials().accessKeyID == "KEY1")
        clock.advance(by: 2)
        #expect(try await cache.credentials().accessKeyID == "KEY2")
        #expect(try await cache.credentials().accessKeyID == "KEY2")
        #expect(await base.calls == 2)
    }

    @Test func credentialsWithoutExpiryAreKept() async throws {
        let base = StaticCountingProvider()
        let cache = CachedCredentialProvider(base)
        for _ in 0..<5 { _ = try await cache.credentials() }
        #expect(await base.calls == 1)
    }

    @Test func aFailedEarlyRefreshKeepsTheUnexpiredCredentials() async throws {
        let clock = ManualClock()
        let base = CountingProvider(clock: clock, lifetime: 3600)
        let cache = CachedCredentialProvider(base, now: clock.function)
        _ = try await cache.credentials()
        clock.advance(by: 3600 - 60)
        await base.setFailing(true)
        #expect(try await cache.credentials().accessKeyID == "KEY1")
        // Not retried on every call; again after the retry interval.
        #expect(try await cache.credentials().accessKeyID == "KEY1")
        #expect(await base.calls == 2)
        clock.advance(by: 31)
        #expect(try await cache.credentials().accessKeyID == "KEY1")
        #expect(await base.calls == 3)
        // Once expired, the failure is the caller's.
        clock.advance(by: 60)
        await #expect(throws: CredentialSourceFailed.self) { try await cache.credentials() }
    }

    @Test func shortLivedCredentialsDoNotCauseARefreshStorm() async throws {
        let clock = ManualClock()
        let base = CountingProvider(clock: clock, lifetime: 120)
        let cache = CachedCredentialProvider(base, now: clock.function)
        for _ in 0..<10 { _ = try await cache.credentials() }
        #expect(await base.calls == 2)
        clock.advance(by: 121)
        _ = try await cache.credentials()
        #expect(await base.calls == 3)
    }
}

actor StaticCountingProvider: CredentialProvider {
    nonisolated let sourceName = "static"
    private(set) var calls = 0
    func credentials() async throws -> AWSCredentials {
        calls += 1
        return AWSCredentials(accessKeyID: "A", secretAccessKey: "B")
    }
}
