/// Why a day-to-day operation (status, release, logs, rollback) could not be done, in words a
/// user can act on.
public enum OperationError: Error, Sendable, CustomStringConvertible {
    case unknownService(String, file: String, available: [String])
    case unknownEnvironment(String, file: String, available: [String])
    case pipelineMissing(String)
    case ecsServiceMissing(String, cluster: String)
    case noPreviousRevision(family: String, current: String)
    case revisionNotFound(family: String, revision: Int, available: [Int])
    case noBuilds(project: String)
    case logGroupMissing(String, hint: String)
    case executionNotFound(pipeline: String, id: String)
    case placeholderRevision(revision: String, image: String, release: String)
    case imageNoLongerInECR(revision: String, image: String)
    case neverBuiltRevision(revision: String, image: String, release: String)
    case taskNotStarted(revision: String, reason: String)
    /// `release` of a tag-triggered environment with no commit given and no tagged run to repeat.
    case noTaggedRun(pipeline: String, tags: [String])

    public var description: String {
        switch self {
        case .unknownService(let name, let file, let available):
            return "no service '\(name)' in \(file); it has \(available.joined(separator: ", "))"
        case .unknownEnvironment(let name, let file, let available):
            return "no environment '\(name)' in \(file); it has \(available.joined(separator: ", "))"
        case .pipelineMissing(let name):
            return "the pipeline \(name) does not exist; run 'slipway apply' to create it"
        case .ecsServiceMissing(let name, let cluster):
            return "the ECS service \(name) does not exist in cluster \(cluster); run 'slipway apply' to create it"
        case .noPreviousRevision(let family, let current):
            return "\(current) is the oldest active revision of \(family); there is nothing to roll back to (pass --to REVISION to choose one)"
        case .revisionNotFound(let family, let revision, let available):
            let list = available.isEmpty ? "none" : available.map(String.init).joined(separator: ", ")
            return "\(family):\(revision) is not an active task definition revision; the active revisions are \(list)"
        case .noBuilds(let project):
            return "the CodeBuild project \(project) has no builds yet; start one with 'slipway release'"
        case .logGroupMissing(let group, let hint):
            return "the log group \(group) does not exist; \(hint)"
        case .executionNotFound(let pipeline, let id):
            return "the pipeline \(pipeline) has no execution \(id)"
        case .placeholderRevision(let revision, let image, let release):
            return "\(revision) names \(image), the placeholder 'apply' registers before the first build, not an image a build "
                + "deployed (its tag means whatever was pushed last, or nothing); Slipway will not roll back to it. Pass --to with "
                + "a revision a build deployed, or build the service with '\(release)'"
        case .noTaggedRun(let pipeline, let tags):
            return "\(pipeline) deploys pushed tags (\(tags.joined(separator: ", "))) and no tag has started it yet, so there "
                + "is no release to repeat; push a tag (git tag v1.0.0 && git push origin v1.0.0), or pass --commit SHA to "
                + "deploy one commit"
        case .neverBuiltRevision(let revision, let image, let release):
            return "\(revision) names \(image), the placeholder 'apply' registers before the first build: the service has never "
                + "been built, so there is no image of it to run. Build and deploy it first with '\(release)'"
        case .taskNotStarted(let revision, let reason):
            return "ECS did not start a task of \(revision): \(reason.isEmpty ? "it gave no reason" : reason)"
        case .imageNoLongerInECR(let revision, let image):
            return "\(revision) runs \(image), which is no longer in ECR (a lifecycle policy or a person removed it); its tasks "
                + "could not start, so Slipway will not roll back to it. Pass --to with another revision"
        }
    }
}
