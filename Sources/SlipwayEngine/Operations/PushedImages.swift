import AWSCore
import AWSServices

/// Whether a task definition's image is one a build deployed: the deployer always deploys by
/// digest, so an image of the account's own ECR repositories named by tag is the `:latest`
/// placeholder that `apply` registers before the first build (and names whatever was pushed
/// last, not what a build deployed); one named by a digest the repository no longer holds
/// cannot start a task.
public struct PushedImages: Sendable {
    public let client: AWSClient
    public let account: String

    public init(client: AWSClient, account: String) {
        self.client = client
        self.account = account
    }

    /// The `:latest` placeholder of `apply`, or any image of this account's repositories by tag.
    public func isPlaceholder(_ image: String) -> Bool {
        guard let reference = ownReference(image), case .tag = reference.version else { return false }
        return true
    }

    /// The images of `images` named by a digest their ECR repository does not hold, one
    /// ListImages per repository. Images elsewhere (Docker Hub, another account or region) are
    /// never reported missing: there is nothing here to check them against.
    public func missing(_ images: [String]) async throws -> Set<String> {
        let references = images.compactMap { image in ownReference(image).map { (image, $0) } }
            .filter { if case .digest = $0.1.version { true } else { false } }
        let repositories = Set(references.map(\.1.repository))
        let held = try await BoundedConcurrency.map(Array(repositories), width: 8) { repository in
            (repository, try await identifiers(of: repository))
        }
        let byRepository = Dictionary(held, uniquingKeysWith: { first, _ in first })
        var missing = Set<String>()
        for (image, reference) in references {
            let identifiers = byRepository[reference.repository] ?? []
            let found = identifiers.contains { identifier in
                switch reference.version {
                case .tag(let tag): identifier.imageTag == tag
                case .digest(let digest): identifier.imageDigest == digest
                }
            }
            if !found { missing.insert(image) }
        }
        return missing
    }

    private func ownReference(_ image: String) -> ECRImageReference? {
        guard let reference = ECRImageReference(image), reference.registryAccount == account, reference.registryRegion == client.region else {
            return nil
        }
        return reference
    }

    private func identifiers(of repository: String) async throws -> [ECR.ImageIdentifier] {
        do {
            return try await ECR(client: client).listAllImages(repositoryName: repository)
        } catch let error as AWSError where error.is(ECR.ErrorCode.repositoryNotFound) {
            return []
        }
    }
}

/// An image in an ECR registry: `{account}.dkr.ecr.{region}.amazonaws.com/{repository}:{tag}`
/// or `…/{repository}@{digest}` (a reference without either means `:latest`, as in Docker).
struct ECRImageReference: Equatable {
    enum Version: Equatable {
        case tag(String)
        case digest(String)
    }

    let registryAccount: String
    let registryRegion: String
    let repository: String
    let version: Version
}

extension ECRImageReference {
    init?(_ image: String) {
        guard let slash = image.firstIndex(of: "/") else { return nil }
        let registry = image[..<slash]
        let parts = registry.split(separator: ".")
        guard parts.count >= 6, parts[1] == "dkr", parts[2].hasPrefix("ecr") else { return nil }
        registryAccount = String(parts[0])
        registryRegion = String(parts[3])
        let path = image[image.index(after: slash)...]
        if let at = path.firstIndex(of: "@") {
            repository = String(path[..<at])
            version = .digest(String(path[path.index(after: at)...]))
        } else if let colon = path.lastIndex(of: ":") {
            repository = String(path[..<colon])
            version = .tag(String(path[path.index(after: colon)...]))
        } else {
            repository = String(path)
            version = .tag("latest")
        }
        guard !repository.isEmpty else { return nil }
    }
}
