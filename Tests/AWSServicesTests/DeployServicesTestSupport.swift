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
        globalSigningRegion: "us-east-1")

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

    // MARK: - .zip archives

    /// A .zip archive of `files`, stored (not compressed), each marked executable.
    static func zip(_ files: [(name: String, contents: [UInt8])]) -> [UInt8] {
        var archive: [UInt8] = []
        var central: [UInt8] = []
        for file in files {
            let name = Array(file.name.utf8)
            let crc = crc32(file.contents)
            let offset = UInt32(archive.count)
            // Local file header.
            archive += le32(0x0403_4b50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
            archive += le32(crc) + le32(UInt32(file.contents.count)) + le32(UInt32(file.contents.count))
            archive += le16(UInt16(name.count)) + le16(0) + name + file.contents
            // Central directory entry: made by Unix (3), mode 0100755 in the external attributes.
            central += le32(0x0201_4b50) + le16(0x031E) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
            central += le32(crc) + le32(UInt32(file.contents.count)) + le32(UInt32(file.contents.count))
            central += le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0) + le16(0)
            central += le32(UInt32(0o100755) << 16) + le32(offset) + name
        }
        let centralOffset = UInt32(archive.count)
        archive += central
        archive += le32(0x0605_4b50) + le16(0) + le16(0) + le16(UInt16(files.count)) + le16(UInt16(files.count))
        archive += le32(UInt32(central.count)) + le32(centralOffset) + le16(0)
        return archive
    }

    /// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as .zip uses it.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
        }
        return ~crc
    }

    private static func le16(_ value: UInt16) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8(value >> 8)]
    }

    private static func le32(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) }
    }
}
