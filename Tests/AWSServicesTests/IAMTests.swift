import AWSSigV4
import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// IAM against the emulator: every operation round-tripped, not-found errors by code.
@Suite struct IAMTests {
    static let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
    static let trust2 = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
    static func policy(_ action: String, _ resource: String = "*") -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"\#(action)","Resource":"\#(resource)"}]}"#
    }

    static func unique(_ prefix: String) -> String {
        "\(prefix)-\(UInt32.random(in: .min ... .max))"
    }

    static func iam() async throws -> IAM {
        IAM(client: try await Emulator.shared.connection().client())
    }

    /// Policy documents compare as JSON, not as text.
    static func sameJSON(_ a: String?, _ b: String) throws -> Bool {
        guard let a else { return false }
        return try JSONValue.parse(Array(a.utf8)) == JSONValue.parse(Array(b.utf8))
    }

    @Test func roleLifecycle() async throws {
        let iam = try await Self.iam()
        let name = Self.unique("slipway-test-role")
        let path = "/\(Self.unique("slipway-test"))/"
        let created = try #require(try await iam.createRole(.init(
            Path: path, RoleName: name, AssumeRolePolicyDocument: Self.trust, Description: "test role & <escaping>",
            MaxSessionDuration: 7200, Tags: [.init(Key: "slipway:app", Value: "demo")])).Role)
        #expect(created.RoleName == name)
        #expect(created.Path == path)
        #expect(created.Arn?.hasSuffix(":role\(path)\(name)") == true)
        #expect(try Self.sameJSON(created.AssumeRolePolicyDocument, Self.trust))

        let read = try #require(try await iam.getRole(.init(RoleName: name)).Role)
        #expect(read.RoleId == created.RoleId)
        #expect(read.Arn == created.Arn)
        #expect(read.Description == "test role & <escaping>")
        #expect(read.MaxSessionDuration == 7200)
        #expect(read.Tags == [.init(Key: "slipway:app", Value: "demo")])
        #expect(try Self.sameJSON(read.AssumeRolePolicyDocument, Self.trust))
        #expect(abs(try #require(read.CreateDate).timeIntervalSinceNow) < 3600)

        try await iam.updateAssumeRolePolicy(.init(RoleName: name, PolicyDocument: Self.trust2))
        #expect(try Self.sameJSON(try await iam.getRole(.init(RoleName: name)).Role?.AssumeRolePolicyDocument, Self.trust2))

        try await iam.tagRole(.init(RoleName: name, Tags: [.init(Key: "slipway:env", Value: "dev"), .init(Key: "extra", Value: "a+b=c/d: e@f")]))
        let tags = try await iam.listRoleTags(.init(RoleName: name)).Tags ?? []
        #expect(Set(tags) == [.init(Key: "slipway:app", Value: "demo"), .init(Key: "slipway:env", Value: "dev"), .init(Key: "extra", Value: "a+b=c/d: e@f")])
        try await iam.untagRole(.init(RoleName: name, TagKeys: ["extra", "slipway:app"]))
        #expect(try await iam.listRoleTags(.init(RoleName: name)).Tags == [.init(Key: "slipway:env", Value: "dev")])

        try await iam.deleteRole(.init(RoleName: name))
        let error = await #expect(throws: AWSError.self) { try await iam.getRole(.init(RoleName: name)) }
        #expect(error?.code == "NoSuchEntity")
        #expect(error?.statusCode == 404)
    }

    @Test func listRolesFollowsMarkers() async throws {
        let iam = try await Self.iam()
        let path = "/\(Self.unique("slipway-list"))/"
        let names = (1...3).map { "slipway-list-\($0)-\(UInt32.random(in: .min ... .max))" }
        for name in names {
            _ = try await iam.createRole(.init(Path: path, RoleName: name, AssumeRolePolicyDocument: Self.trust))
        }
        let first = try await iam.listRoles(.init(PathPrefix: path, MaxItems: 2))
        #expect(first.Roles?.count == 2)
        #expect(first.IsTruncated == true)
        #expect(first.Marker != nil)

        let all = try await iam.listAllRoles(PathPrefix: path, MaxItems: 1)
        #expect(Set(all.map(\.RoleName)) == Set(names))
        #expect(all.allSatisfy { (try? Self.sameJSON($0.AssumeRolePolicyDocument, Self.trust)) == true })

        for name in names { try await iam.deleteRole(.init(RoleName: name)) }
        #expect(try await iam.listAllRoles(PathPrefix: path).isEmpty)
    }

    @Test func inlineRolePolicies() async throws {
        let iam = try await Self.iam()
        let role = Self.unique("slipway-inline")
        _ = try await iam.createRole(.init(RoleName: role, AssumeRolePolicyDocument: Self.trust))
        let document = Self.policy("logs:CreateLogStream", "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/a+b:*")
        try await iam.putRolePolicy(.init(RoleName: role, PolicyName: "logs", PolicyDocument: document))

        let read = try await iam.getRolePolicy(.init(RoleName: role, PolicyName: "logs"))
        #expect(read.RoleName == role)
        #expect(read.PolicyName == "logs")
        #expect(try Self.sameJSON(read.PolicyDocument, document))
        #expect(try await iam.listRolePolicies(.init(RoleName: role)).PolicyNames == ["logs"])

        let updated = Self.policy("logs:PutLogEvents")
        try await iam.putRolePolicy(.init(RoleName: role, PolicyName: "logs", PolicyDocument: updated))
        #expect(try Self.sameJSON(try await iam.getRolePolicy(.init(RoleName: role, PolicyName: "logs")).PolicyDocument, updated))
        try await iam.putRolePolicy(.init(RoleName: role, PolicyName: "more", PolicyDocument: updated))
        #expect(Set(try await iam.listAllRolePolicies(RoleName: role)) == ["logs", "more"])

        try await iam.deleteRolePolicy(.init(RoleName: role, PolicyName: "logs"))
        try await iam.deleteRolePolicy(.init(RoleName: role, PolicyName: "more"))
        let error = await #expect(throws: AWSError.self) { try await iam.getRolePolicy(.init(RoleName: role, PolicyName: "logs")) }
        #expect(error?.code == "NoSuchEntity")
        #expect(try await iam.listRolePolicies(.init(RoleName: role)).PolicyNames?.isEmpty == true)
        try await iam.deleteRole(.init(RoleName: role))
    }

    @Test func managedPolicies() async throws {
        let iam = try await Self.iam()
        let name = Self.unique("slipway-policy")
        let path = "/\(Self.unique("slipway-pol"))/"
        let v1 = Self.policy("ecr:GetAuthorizationToken")
        let created = try await iam.createPolicy(.init(PolicyName: name, Path: path, PolicyDocument: v1, Description: "test policy",
                                                       Tags: [.init(Key: "slipway:app", Value: "demo")]))
        let arn = try #require(created.Policy?.Arn)
        #expect(created.Policy?.PolicyName == name)
        #expect(created.Policy?.DefaultVersionId == "v1")

        let read = try #require(try await iam.getPolicy(.init(PolicyArn: arn)).Policy)
        #expect(read.PolicyName == name)
        #expect(read.Path == path)
        #expect(read.DefaultVersionId == "v1")
        #expect(read.AttachmentCount == 0)
        #expect(read.Tags == [.init(Key: "slipway:app", Value: "demo")])

        let listed = try await iam.listAllPolicies(Scope: "Local", PathPrefix: path)
        #expect(listed.map(\.Arn) == [arn])

        let v2 = Self.policy("ecr:DescribeRepositories")
        let version = try await iam.createPolicyVersion(.init(PolicyArn: arn, PolicyDocument: v2, SetAsDefault: true))
        #expect(version.PolicyVersion?.VersionId == "v2")
        #expect(version.PolicyVersion?.IsDefaultVersion == true)
        let readVersion = try #require(try await iam.getPolicyVersion(.init(PolicyArn: arn, VersionId: "v2")).PolicyVersion)
        #expect(try Self.sameJSON(readVersion.Document, v2))
        #expect(try Self.sameJSON(try await iam.getPolicyVersion(.init(PolicyArn: arn, VersionId: "v1")).PolicyVersion?.Document, v1))
        #expect(try await iam.getPolicy(.init(PolicyArn: arn)).Policy?.DefaultVersionId == "v2")

        let versions = try #require(try await iam.listPolicyVersions(.init(PolicyArn: arn)).Versions)
        #expect(Set(versions.compactMap(\.VersionId)) == ["v1", "v2"])
        #expect(versions.first { $0.VersionId == "v2" }?.IsDefaultVersion == true)
        try await iam.deletePolicyVersion(.init(PolicyArn: arn, VersionId: "v1"))
        #expect(try await iam.listPolicyVersions(.init(PolicyArn: arn)).Versions?.compactMap(\.VersionId) == ["v2"])
        let missingVersion = await #expect(throws: AWSError.self) { try await iam.getPolicyVersion(.init(PolicyArn: arn, VersionId: "v1")) }
        #expect(missingVersion?.code == "NoSuchEntity")

        let role = Self.unique("slipway-attach")
        _ = try await iam.createRole(.init(RoleName: role, AssumeRolePolicyDocument: Self.trust))
        try await iam.attachRolePolicy(.init(RoleName: role, PolicyArn: arn))
        let attached = try await iam.listAttachedRolePolicies(.init(RoleName: role)).AttachedPolicies
        #expect(attached?.map(\.PolicyName) == [name])
        #expect(attached?.map(\.PolicyArn) == [arn])
        #expect(try await iam.listAllAttachedRolePolicies(RoleName: role).map(\.PolicyArn) == [arn])
        #expect(try await iam.getPolicy(.init(PolicyArn: arn)).Policy?.AttachmentCount == 1)
        try await iam.detachRolePolicy(.init(RoleName: role, PolicyArn: arn))
        #expect(try await iam.listAttachedRolePolicies(.init(RoleName: role)).AttachedPolicies ?? [] == [])
        try await iam.deleteRole(.init(RoleName: role))

        try await iam.tagPolicy(.init(PolicyArn: arn, Tags: [.init(Key: "slipway:env", Value: "prod")]))
        let tagged = try await iam.getPolicy(.init(PolicyArn: arn)).Policy?.Tags ?? []
        #expect(Set(tagged) == [.init(Key: "slipway:app", Value: "demo"), .init(Key: "slipway:env", Value: "prod")])

        try await iam.deletePolicy(.init(PolicyArn: arn))
        let error = await #expect(throws: AWSError.self) { try await iam.getPolicy(.init(PolicyArn: arn)) }
        #expect(error?.code == "NoSuchEntity")
    }

    @Test func usersAndAccessKeys() async throws {
        let emulator = try await Emulator.shared.connection()
        let iam = IAM(client: emulator.client())
        let name = Self.unique("slipway-user")
        let user = try #require(try await iam.createUser(.init(UserName: name, Tags: [.init(Key: "slipway:app", Value: "demo")])).User)
        #expect(user.UserName == name)
        #expect(user.Arn?.hasSuffix(":user/\(name)") == true)
        try await iam.putUserPolicy(.init(UserName: name, PolicyName: "whoami", PolicyDocument: Self.policy("sts:GetCallerIdentity")))

        let key = try #require(try await iam.createAccessKey(.init(UserName: name)).AccessKey)
        let keyID = try #require(key.AccessKeyId)
        #expect(key.UserName == name)
        #expect(key.Status == "Active")
        #expect(key.SecretAccessKey?.isEmpty == false)
        let listed = try await iam.listAccessKeys(.init(UserName: name)).AccessKeyMetadata ?? []
        #expect(listed.map(\.AccessKeyId) == [key.AccessKeyId])
        #expect(listed.first?.Status == "Active")

        // The new key signs requests that the emulator accepts as that user.
        let asUser = STS(client: emulator.client(accessKeyID: keyID, secretAccessKey: key.SecretAccessKey))
        #expect(try await asUser.getCallerIdentity().Arn == user.Arn)

        try await iam.deleteAccessKey(.init(UserName: name, AccessKeyId: keyID))
        #expect(try await iam.listAccessKeys(.init(UserName: name)).AccessKeyMetadata?.isEmpty == true)
        try await iam.deleteUserPolicy(.init(UserName: name, PolicyName: "whoami"))
        try await iam.deleteUser(.init(UserName: name))
        let error = await #expect(throws: AWSError.self) { try await iam.listAccessKeys(.init(UserName: name)) }
        #expect(error?.code == "NoSuchEntity")
    }

    @Test func policyDocumentsAreURLDecodedOnlyWhenEncoded() {
        let json = #"{"Statement":[{"Resource":"arn:aws:s3:::a%20b"}]}"#
        #expect(IAM.decodePolicyDocument(json) == json)
        #expect(IAM.decodePolicyDocument(URIEncoding.encode(json)) == json)
    }
}
