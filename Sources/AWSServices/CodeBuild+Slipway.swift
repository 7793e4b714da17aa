import AWSCore

// Slipway's conveniences over the generated CodeBuild calls (Generated/CodeBuild.swift).
extension CodeBuild {
    /// `BatchGetProjects` takes at most this many names per call.
    public static let batchGetProjectsLimit = 100
    /// `BatchGetBuilds` takes at most this many ids per call.
    public static let batchGetBuildsLimit = 100

    /// Any number of projects, `CodeBuild.batchGetProjectsLimit` names per call, one call after
    /// another; the projects and the names not found of all calls.
    public func batchGetAllProjects(names: [String]) async throws -> BatchGetProjectsResponse {
        var projects: [Project] = []
        var notFound: [String] = []
        for start in stride(from: 0, to: names.count, by: Self.batchGetProjectsLimit) {
            let chunk = Array(names[start..<min(start + Self.batchGetProjectsLimit, names.count)])
            let response = try await batchGetProjects(BatchGetProjectsRequest(names: chunk))
            projects += response.projects ?? []
            notFound += response.projectsNotFound ?? []
        }
        return BatchGetProjectsResponse(projects: projects, projectsNotFound: notFound)
    }
}

extension CodeBuild {
    /// The error codes of CodeBuild that Slipway acts on.
    public enum ErrorCode {
        public static let resourceNotFound = AWSErrorCode("ResourceNotFoundException")
        public static let invalidInput = AWSErrorCode("InvalidInputException")
    }
}
