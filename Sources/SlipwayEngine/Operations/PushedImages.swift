import AWSCore
import AWSServices

/// Which container images are missing from the account's ECR repositories: a task definition
/// that names a tag or digest no build has pushed (the `:latest` placeholder that `apply`
/// registers before the first build) cannot start a task.
public struct PushedImages: Sendable {
    public let client: AWSClient
    public let account: String

    public init(client: AWSClient, account: String) {
        self.client = client
        self.account = account
    }

    /// The images of `images` that their ECR repository does not hold, one ListImages per
    /// repository. Images elsewhere (Docker Hub, another account or region) are never reported
    /// missing: there is nothing here to check them against.
    public func missing(_ images: [String]) async throws -> Set<String> {
        let references = images.compactMap { image in ECRImageReference(image).map { (image, $0) } }
            .filter { $0.1.registryAccount == account && $0.1.registryRegion == client.region }
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

    private func identifiers(of repository: String) async throws -> [ECR.ImageIdentifier] {
        do {
            return try await ECR(client: client).listAllImages(repositoryName: repository)
        } catch let error as AWSError where error.code == "RepositoryNotFoundException" {
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
