import AWSSigV4
import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// Lambda against the emulator: the deployer function as Slipway makes it (a custom
/// `provided.al2023` runtime from a .zip), read back, updated, tagged, deleted.
@Suite("Lambda") struct LambdaTests {
    typealias Support = DeployServicesTestSupport

    static func package(_ script: String) -> [UInt8] {
        StoredZip.zip([(name: "bootstrap", contents: Array("#!/bin/sh\n\(script)\n".utf8))])
    }

    /// Lambda's `CodeSha256`: the base64 of the package's SHA-256.
    static func codeSha256(_ bytes: [UInt8]) -> String {
        let hex = Array(SigV4Request.hash(bytes).utf8)
        let digest = stride(from: 0, to: hex.count, by: 2).map { UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
        return Data(digest).base64EncodedString()
    }

    @Test func functionRoundTrip() async throws {
        let client = try await Support.client()
        let lambda = Lambda(client: client)
        let role = try await Support.role(client, assumedBy: "lambda.amazonaws.com")
        let name = Support.unique("slipway-deployer")
        let code = Self.package("echo deployer v1")
        let tags = ["slipway:app": "demo", "slipway:service": "deployer"]

        let created = try await lambda.createFunction(.init(
            FunctionName: name, Runtime: .providedAl2023, Role: role, Handler: "bootstrap", Code: .zip(code),
            Description: "Slipway deployer for demo", Timeout: 60, MemorySize: 256,
            Environment: .init(Variables: ["LOG_LEVEL": "info"]), Tags: tags, Architectures: [.arm64]))
        #expect(created.FunctionName == name)
        let arn = try #require(created.FunctionArn)
        #expect(arn.hasSuffix(":function:\(name)"))
        #expect(created.Runtime == .providedAl2023)
        #expect(created.Role == role)
        #expect(created.Handler == "bootstrap")
        #expect(created.CodeSha256 == Self.codeSha256(code))
        #expect(created.CodeSize == Int64(code.count))
        #expect(created.Timeout == 60)
        #expect(created.MemorySize == 256)
        #expect(created.Architectures == [.arm64])
        #expect(created.Environment?.Variables == ["LOG_LEVEL": "info"])
        #expect(created.Description == "Slipway deployer for demo")
        #expect(created.LastModified?.isEmpty == false)
        #expect(created.State != nil)

        let ready = try await lambda.waitUntilReady(functionName: name, waiter: Waiter(interval: .milliseconds(200), timeout: .seconds(20)))
        #expect(ready.State == .active)
        #expect(ready.LastUpdateStatus == .successful)

        let read = try await lambda.getFunction(.init(FunctionName: name))
        #expect(read.Configuration?.FunctionArn == arn)
        #expect(read.Configuration?.CodeSha256 == Self.codeSha256(code))
        #expect(read.Configuration?.Environment?.Variables == ["LOG_LEVEL": "info"])
        #expect(read.Tags == tags)
        #expect(read.Code?.Location != nil || read.Code?.RepositoryType != nil)
        // The ARN names the function as well as its name does.
        #expect(try await lambda.getFunctionConfiguration(.init(FunctionName: arn)).FunctionName == name)

        // New code, then new settings; each waits for the update to land.
        let code2 = Self.package("echo deployer v2")
        let updatedCode = try await lambda.updateFunctionCode(.init(FunctionName: name, ZipFile: Lambda.FunctionCode.zip(code2).ZipFile))
        #expect(updatedCode.CodeSha256 == Self.codeSha256(code2))
        _ = try await lambda.waitUntilReady(functionName: name, waiter: Waiter(interval: .milliseconds(200), timeout: .seconds(20)))
        let updated = try await lambda.updateFunctionConfiguration(.init(
            FunctionName: name, Description: "Slipway deployer for demo (v2)", Timeout: 120, MemorySize: 512,
            Environment: .init(Variables: ["LOG_LEVEL": "debug", "APP": "demo"])))
        #expect(updated.Timeout == 120)
        let reread = try await lambda.getFunctionConfiguration(.init(FunctionName: name))
        #expect(reread.CodeSha256 == Self.codeSha256(code2))
        #expect(reread.Timeout == 120)
        #expect(reread.MemorySize == 512)
        #expect(reread.Description == "Slipway deployer for demo (v2)")
        #expect(reread.Environment?.Variables == ["LOG_LEVEL": "debug", "APP": "demo"])
        #expect(reread.Role == role)
        #expect(reread.Runtime == .providedAl2023)

        let listed = try await lambda.listAllFunctions(.init(MaxItems: 50))
        #expect(listed.contains { $0.FunctionName == name && $0.FunctionArn == arn })

        // Tags, by the function's ARN.
        try await lambda.tagResource(.init(Resource: arn, Tags: ["slipway:env": "production"]))
        #expect(try await lambda.listTags(.init(Resource: arn)).Tags == tags.merging(["slipway:env": "production"]) { $1 })
        try await lambda.untagResource(.init(Resource: arn, TagKeys: ["slipway:env", "slipway:service"]))
        #expect(try await lambda.listTags(.init(Resource: arn)).Tags == ["slipway:app": "demo"])

        try await lambda.deleteFunction(.init(FunctionName: name))
        await Support.expectAWSError("ResourceNotFoundException") { _ = try await lambda.getFunction(.init(FunctionName: name)) }
        await Support.expectAWSError("ResourceNotFoundException") { _ = try await lambda.getFunctionConfiguration(.init(FunctionName: name)) }
        await Support.expectAWSError("ResourceNotFoundException") { try await lambda.deleteFunction(.init(FunctionName: name)) }
        await Support.expectAWSError("ResourceNotFoundException") {
            _ = try await lambda.updateFunctionCode(.init(FunctionName: name, ZipFile: Lambda.FunctionCode.zip(code2).ZipFile))
        }
    }

    @Test func createFunctionTwiceConflicts() async throws {
        let client = try await Support.client()
        let lambda = Lambda(client: client)
        let role = try await Support.role(client, assumedBy: "lambda.amazonaws.com")
        let name = Support.unique("slipway-twice")
        let request = Lambda.CreateFunctionRequest(
            FunctionName: name, Runtime: .providedAl2023, Role: role, Handler: "bootstrap", Code: .zip(Self.package("true")))
        _ = try await lambda.createFunction(request)
        await Support.expectAWSError("ResourceConflictException") { _ = try await lambda.createFunction(request) }
        try await lambda.deleteFunction(.init(FunctionName: name))
    }

    @Test func readinessFollowsStateAndLastUpdate() throws {
        let empty = try JSONDecoder().decode(Lambda.FunctionConfiguration.self, from: Data("{}".utf8))
        func state(_ state: Lambda.State?, _ update: Lambda.LastUpdateStatus?) -> String {
            var configuration = empty
            configuration.State = state
            configuration.LastUpdateStatus = update
            configuration.StateReason = "the role cannot be assumed"
            configuration.LastUpdateStatusReason = "the image is gone"
            switch Lambda.readiness(of: configuration) {
            case .done: return "done"
            case .pending(let why): return "pending: \(why)"
            case .failed(let why): return "failed: \(why)"
            }
        }
        #expect(state(.active, .successful) == "done")
        #expect(state(nil, nil) == "done")
        #expect(state(.pending, nil) == "pending: state Pending, last update Successful")
        #expect(state(.active, .inProgress) == "pending: state Active, last update InProgress")
        #expect(state(.failed, .successful) == "failed: state Failed: the role cannot be assumed")
        #expect(state(.active, .failed) == "failed: last update Failed: the image is gone")
    }

    /// The .zip writer the tests use: a known CRC-32 and a well-formed end record.
    @Test func zipHelper() {
        #expect(StoredZip.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        let archive = StoredZip.zip([(name: "bootstrap", contents: Array("hi".utf8))])
        #expect(Array(archive.prefix(4)) == [0x50, 0x4B, 0x03, 0x04])
        #expect(Array(archive.suffix(22).prefix(4)) == [0x50, 0x4B, 0x05, 0x06])
    }
}
