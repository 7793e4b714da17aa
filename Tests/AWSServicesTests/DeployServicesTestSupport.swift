import AWSCore
import SlipwayTestSupport
import Synchronization
import Testing

/// What the ECS, CodeBuild, CodePipeline and Lambda integration tests share: unique names
/// (tests run in parallel against one emulator), IAM roles made with raw Query calls, and a
/// tiny .zip writer for Lambda code.
enum DeployServicesTestSupport {
    static func client() async throws -> AWSClient {
        try await Emulator.shared.connection().client()
    }

    /// `prefix` and a random suffix: names stay unique across parallel tests and reruns.
    static func unique(_ prefix: String) -> String {
        "\(prefix)-\(String(UInt32.random(in: .min ... .max), radix: 36))"
    }

    // MARK: - IAM roles (raw Query calls, so these tests need nothing of IAM.swift)

    static let iam = AWSServiceDescription(
        serviceID: "IAM", signingName: "iam", endpointPrefix: "iam", wireProtocol: .query(version: "2010-05-08"),
        partitionEndpoints: ["aws": PartitionEndpoint(host: "iam.amazonaws.com", signingRegion: "us-east-1")])

    private struct CreateRole: Encodable {
        let RoleName: String
        let AssumeRolePolicyDocument: String
    }

    private struct CreateRoleResult: Decodable {
        struct Role: Decodable { let Arn: String }
        let Role: Role
    }

    /// A new role that `principal` (`codepipeline.amazonaws.com`, …) may assume. The trust
    /// policy names one service as a plain string: moto's CodePipeline accepts nothing else.
    static func role(_ client: AWSClient, assumedBy principal: String) async throws -> String {
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"\#(principal)"},"Action":"sts:AssumeRole"}]}"#
        let name = unique("slipway-test-\(principal.split(separator: ".").first ?? "svc")")
        let result: CreateRoleResult = try await client.query(iam, "CreateRole", CreateRole(RoleName: name, AssumeRolePolicyDocument: trust))
        return result.Role.Arn
    }

    /// Counts the calls a client makes, per operation (give `record` to the client's observer).
    final class CallCounter: Sendable {
        private let counts = Mutex<[String: Int]>([:])

        func record(_ call: AWSCallRecord) {
            counts.withLock { $0[call.operation, default: 0] += 1 }
        }

        func count(_ operation: String) -> Int {
            counts.withLock { $0[operation] ?? 0 }
        }
    }

    // MARK: - Errors

    /// Runs `body`, which must fail with AWS error `code`.
    static func expectAWSError(_ code: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected AWS error \(code), but the call succeeded", sourceLocation: sourceLocation)
        } catch let error as AWSError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected AWS error \(code), got \(error)", sourceLocation: sourceLocation)
        }
    }
}
