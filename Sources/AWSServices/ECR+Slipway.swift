import AWSCore

// Slipway's conveniences over the generated ECR calls (Generated/ECR.swift).
extension ECR {
    /// Every repository of the registry (or the named ones), following `nextToken` across pages
    /// of `maxResults` (AWS allows 1,000 when no names are given).
    public func describeAllRepositories(repositoryNames: [String]? = nil, maxResults: Int? = nil) async throws -> [Repository] {
        try await Pagination.all { token in
            let page = try await describeRepositories(DescribeRepositoriesRequest(
                repositoryNames: repositoryNames, nextToken: token, maxResults: maxResults))
            return (page.repositories ?? [], page.nextToken)
        }
    }

    /// Every image of the repository, following `nextToken`.
    public func describeAllImages(repositoryName: String, filter: DescribeImagesFilter? = nil) async throws -> [ImageDetail] {
        try await Pagination.all { token in
            let page = try await describeImages(DescribeImagesRequest(repositoryName: repositoryName, nextToken: token, filter: filter))
            return (page.imageDetails ?? [], page.nextToken)
        }
    }

    /// Every image identifier of the repository, following `nextToken`.
    public func listAllImages(repositoryName: String, filter: ListImagesFilter? = nil) async throws -> [ImageIdentifier] {
        try await Pagination.all { token in
            let page = try await listImages(ListImagesRequest(repositoryName: repositoryName, nextToken: token, filter: filter))
            return (page.imageIds ?? [], page.nextToken)
        }
    }
}

extension ECR.AuthorizationData {
    /// The user name and password that the token encodes, or nil when it is not `user:password` in base64.
    public var credentials: (user: String, password: String)? {
        guard let token = authorizationToken, let data = Data(base64Encoded: token) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}

extension ECR {
    /// The error codes of ECR that Slipway acts on.
    public enum ErrorCode {
        public static let repositoryNotFound = AWSErrorCode("RepositoryNotFoundException")
        public static let lifecyclePolicyNotFound = AWSErrorCode("LifecyclePolicyNotFoundException")
    }
}
