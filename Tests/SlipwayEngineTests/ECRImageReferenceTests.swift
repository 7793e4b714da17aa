import Testing
@testable import SlipwayEngine

/// Which images `status` and `rollback` can look up in the account's ECR repositories.
struct ECRImageReferenceTests {
    @Test func aTaggedImage() {
        let reference = ECRImageReference("123456789012.dkr.ecr.us-east-1.amazonaws.com/dbmi/sciauth:latest")
        #expect(reference == ECRImageReference(registryAccount: "123456789012", registryRegion: "us-east-1", repository: "dbmi/sciauth", version: .tag("latest")))
    }

    @Test func anImageByDigest() {
        let reference = ECRImageReference("123456789012.dkr.ecr.eu-west-3.amazonaws.com/dbmi/scireg@sha256:0a1b2c")
        #expect(reference?.repository == "dbmi/scireg")
        #expect(reference?.registryRegion == "eu-west-3")
        #expect(reference?.version == .digest("sha256:0a1b2c"))
    }

    @Test func noTagMeansLatestAndChinaRegistriesCount() {
        let reference = ECRImageReference("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app/web")
        #expect(reference?.version == .tag("latest"))
        #expect(reference?.registryRegion == "cn-north-1")
    }

    @Test(arguments: ["nginx:1.25", "docker.io/library/nginx:1.25", "public.ecr.aws/nginx/nginx:1.25", "ghcr.io/org/app@sha256:ab", "localhost:5000/app"])
    func imagesOutsideECRAreNotLookedUp(_ image: String) {
        #expect(ECRImageReference(image) == nil)
    }
}
