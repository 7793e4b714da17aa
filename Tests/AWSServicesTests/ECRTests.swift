import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// ECR against the emulator: repositories, lifecycle policies, images, tags and the login token.
@Suite struct ECRTests {
    static func unique(_ prefix: String) -> String {
        "\(prefix)-\(UInt32.random(in: .min ... .max))"
    }

    static func ecr() async throws -> ECR {
        ECR(client: try await Emulator.shared.connection().client())
    }

    static let lifecyclePolicy = #"{"rules":[{"rulePriority":1,"description":"keep 10","selection":{"tagStatus":"any","countType":"imageCountMoreThan","countNumber":10},"action":{"type":"expire"}}]}"#

    /// A Docker image manifest (schema 2): PutImage makes an image from it without a push.
    static func manifest(_ seed: Int) -> String {
        let digest = String(repeating: String(seed % 10), count: 64)
        return #"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1000,"digest":"sha256:\#(digest)"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":2000,"digest":"sha256:\#(digest)"}]}"#
    }

    @Test func repositoryLifecycle() async throws {
        let ecr = try await Self.ecr()
        let name = "slipway/\(Self.unique("repo"))"
        let created = try #require(try await ecr.createRepository(.init(
            repositoryName: name, tags: [.init(Key: "slipway:app", Value: "demo")], imageTagMutability: "MUTABLE",
            imageScanningConfiguration: .init(scanOnPush: true))).repository)
        #expect(created.repositoryName == name)
        #expect(created.imageTagMutability == "MUTABLE")
        #expect(created.imageScanningConfiguration?.scanOnPush == true)
        let arn = try #require(created.repositoryArn)
        #expect(arn.hasSuffix(":repository/\(name)"))
        #expect(created.repositoryUri?.hasSuffix(".amazonaws.com/\(name)") == true)
        #expect(created.createdAt.map { abs($0.timeIntervalSinceNow) < 3600 } == true)

        let described = try await ecr.describeRepositories(.init(repositoryNames: [name])).repositories
        #expect(described == [created])
        #expect(try await ecr.describeAllRepositories().contains { $0.repositoryName == name })

        _ = try await ecr.putImageTagMutability(.init(repositoryName: name, imageTagMutability: "IMMUTABLE"))
        _ = try await ecr.putImageScanningConfiguration(.init(repositoryName: name, imageScanningConfiguration: .init(scanOnPush: false)))
        let updated = try #require(try await ecr.describeRepositories(.init(repositoryNames: [name])).repositories?.first)
        #expect(updated.imageTagMutability == "IMMUTABLE")
        #expect(updated.imageScanningConfiguration?.scanOnPush == false)

        #expect(try await ecr.listTagsForResource(.init(resourceArn: arn)).tags == [.init(Key: "slipway:app", Value: "demo")])
        try await ecr.tagResource(.init(resourceArn: arn, tags: [.init(Key: "slipway:env", Value: "dev")]))
        #expect(Set(try await ecr.listTagsForResource(.init(resourceArn: arn)).tags ?? [])
                == [.init(Key: "slipway:app", Value: "demo"), .init(Key: "slipway:env", Value: "dev")])
        try await ecr.untagResource(.init(resourceArn: arn, tagKeys: ["slipway:app"]))
        #expect(try await ecr.listTagsForResource(.init(resourceArn: arn)).tags == [.init(Key: "slipway:env", Value: "dev")])

        let noPolicy = await #expect(throws: AWSError.self) { try await ecr.getLifecyclePolicy(.init(repositoryName: name)) }
        #expect(noPolicy?.code == "LifecyclePolicyNotFoundException")
        let put = try await ecr.putLifecyclePolicy(.init(repositoryName: name, lifecyclePolicyText: Self.lifecyclePolicy))
        #expect(put.repositoryName == name)
        let policy = try await ecr.getLifecyclePolicy(.init(repositoryName: name))
        #expect(try JSONValue.parse(Array((policy.lifecyclePolicyText ?? "").utf8)) == JSONValue.parse(Array(Self.lifecyclePolicy.utf8)))
        let removed = try await ecr.deleteLifecyclePolicy(.init(repositoryName: name))
        #expect(removed.repositoryName == name)
        let afterDelete = await #expect(throws: AWSError.self) { try await ecr.getLifecyclePolicy(.init(repositoryName: name)) }
        #expect(afterDelete?.code == "LifecyclePolicyNotFoundException")

        let deleted = try await ecr.deleteRepository(.init(repositoryName: name))
        #expect(deleted.repository?.repositoryArn == arn)
        let error = await #expect(throws: AWSError.self) { try await ecr.describeRepositories(.init(repositoryNames: [name])) }
        #expect(error?.code == "RepositoryNotFoundException")
        let again = await #expect(throws: AWSError.self) { try await ecr.deleteRepository(.init(repositoryName: name)) }
        #expect(again?.code == "RepositoryNotFoundException")
    }

    @Test func images() async throws {
        let ecr = try await Self.ecr()
        let name = "slipway/\(Self.unique("images"))"
        _ = try await ecr.createRepository(.init(repositoryName: name))
        #expect(try await ecr.listAllImages(repositoryName: name).isEmpty)

        let first = try await ecr.putImage(.init(repositoryName: name, imageManifest: Self.manifest(1), imageTag: "v1"))
        let firstDigest = try #require(first.image?.imageId?.imageDigest)
        #expect(first.image?.imageId?.imageTag == "v1")
        _ = try await ecr.putImage(.init(repositoryName: name, imageManifest: Self.manifest(2), imageTag: "v2"))

        let listed = try await ecr.listAllImages(repositoryName: name)
        #expect(Set(listed.compactMap(\.imageTag)) == ["v1", "v2"])
        // moto ignores ListImages' maxResults and nextToken (one page always), so paging is not exercised here.

        let details = try await ecr.describeImages(.init(repositoryName: name, imageIds: [.init(imageTag: "v1")])).imageDetails
        let detail = try #require(details?.first)
        #expect(detail.imageDigest == firstDigest)
        #expect(detail.imageTags == ["v1"])
        #expect(detail.repositoryName == name)
        #expect(detail.imagePushedAt != nil)
        #expect(try await ecr.describeAllImages(repositoryName: name).count == 2)

        let missing = await #expect(throws: AWSError.self) {
            try await ecr.describeImages(.init(repositoryName: name, imageIds: [.init(imageTag: "nope")]))
        }
        #expect(missing?.code == "ImageNotFoundException")

        let batch = try await ecr.batchDeleteImage(.init(repositoryName: name, imageIds: [.init(imageTag: "v1"), .init(imageTag: "nope")]))
        #expect(batch.imageIds?.map(\.imageDigest) == [firstDigest])
        #expect(batch.failures?.map(\.imageId?.imageTag) == ["nope"])
        #expect(try await ecr.listAllImages(repositoryName: name).compactMap(\.imageTag) == ["v2"])

        let notEmpty = await #expect(throws: AWSError.self) { try await ecr.deleteRepository(.init(repositoryName: name)) }
        #expect(notEmpty?.code == "RepositoryNotEmptyException")
        _ = try await ecr.deleteRepository(.init(repositoryName: name, force: true))
        let gone = await #expect(throws: AWSError.self) { try await ecr.listImages(.init(repositoryName: name)) }
        #expect(gone?.code == "RepositoryNotFoundException")
    }

    @Test func authorizationToken() async throws {
        let ecr = try await Self.ecr()
        let data = try #require(try await ecr.getAuthorizationToken().authorizationData?.first)
        let credentials = try #require(data.credentials)
        #expect(credentials.user == "AWS")
        #expect(!credentials.password.isEmpty)
        #expect(data.proxyEndpoint?.hasPrefix("https://") == true)
        // moto always answers expiresAt 2015-01-01; AWS gives twelve hours from now.
        #expect(data.expiresAt != nil)
    }

    /// The emulator holds every request to AWS's model: a name over its length is refused, naming
    /// the member and the limit, as AWS would refuse it (moto alone would create the repository).
    @Test func aRequestBreakingTheModelFailsLoudly() async throws {
        let ecr = try await Self.ecr()
        let error = await #expect(throws: AWSError.self) {
            try await ecr.createRepository(.init(repositoryName: String(repeating: "a", count: 300)))
        }
        #expect(error?.code == "SlipwayModelViolation")
        #expect(error?.statusCode == 400)
        #expect(error?.message.contains("ECR CreateRepository: repositoryName: length 300 is over the model's max 256") == true, "\(String(describing: error))")
    }
}
