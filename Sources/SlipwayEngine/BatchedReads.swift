import AWSCore
import AWSServices

/// The reads AWS takes in batches, shared by one plan or apply, so that reading every resource
/// one by one costs a call per batch: ECS services (10 a call per cluster), CodeBuild projects
/// (100), ECS services' scalable targets (50) and ECR repositories (100 names a call). Each
/// resource still asks for its own.
public final class BatchedReads: Sendable {
    struct ServiceKey: Hashable, Sendable {
        let cluster: String
        let name: String
    }

    let ecsServices: ReadBatcher<ServiceKey, ECS.Service>
    let projects: ReadBatcher<String, CodeBuild.Project>
    let scalableTargets: ReadBatcher<String, ApplicationAutoScaling.ScalableTarget>
    let repositories: ReadBatcher<String, ECR.Repository>

    init(client: AWSClient) {
        ecsServices = ReadBatcher(limit: ECS.describeServicesLimit) { keys in
            var found: [ServiceKey: ECS.Service] = [:]
            for (cluster, names) in Dictionary(grouping: keys, by: \.cluster) {
                let reply = try await ECS(client: client).describeServices(.init(cluster: cluster, services: names.map(\.name), include: [.tags]))
                // A deleted service stays visible as INACTIVE for a while: it is gone.
                for service in reply.services ?? [] where service.status != "INACTIVE" {
                    if let name = service.serviceName { found[ServiceKey(cluster: cluster, name: name)] = service }
                }
            }
            return found
        }
        projects = ReadBatcher(limit: CodeBuild.batchGetProjectsLimit) { names in
            let reply = try await CodeBuild(client: client).batchGetProjects(.init(names: names))
            return Dictionary((reply.projects ?? []).compactMap { project in project.name.map { ($0, project) } }, uniquingKeysWith: { first, _ in first })
        }
        scalableTargets = ReadBatcher(limit: Self.scalableTargetsLimit) { ids in
            let reply = try await ApplicationAutoScaling(client: client).describeScalableTargets(.init(
                ServiceNamespace: .ecs, ResourceIds: ids, ScalableDimension: .ecsServiceDesiredCount))
            return Dictionary((reply.ScalableTargets ?? []).compactMap { target in target.ResourceId.map { ($0, target) } }, uniquingKeysWith: { first, _ in first })
        }
        repositories = ReadBatcher(limit: Self.repositoryNamesLimit) { names in
            let ecr = ECR(client: client)
            let found: [ECR.Repository]
            do {
                found = try await ecr.describeRepositories(.init(repositoryNames: names)).repositories ?? []
            } catch let error as AWSError where error.is(ECR.ErrorCode.repositoryNotFound) {
                // AWS fails the whole call for one missing name: then each on its own.
                found = try await withThrowingTaskGroup(of: ECR.Repository?.self) { group in
                    for name in names {
                        group.addTask {
                            try await notFoundAsNil(ECR.ErrorCode.repositoryNotFound) {
                                try await ecr.describeRepositories(.init(repositoryNames: [name])).repositories?.first
                            } ?? nil
                        }
                    }
                    return try await group.reduce(into: []) { if let repository = $1 { $0.append(repository) } }
                }
            }
            return Dictionary(found.compactMap { repository in repository.repositoryName.map { ($0, repository) } }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// DescribeRepositories takes at most 100 names.
    static let repositoryNamesLimit = 100

    /// DescribeScalableTargets takes at most 50 resource IDs.
    static let scalableTargetsLimit = 50

    func ecsService(_ name: String, cluster: String) async throws -> ECS.Service? {
        try await ecsServices.load(ServiceKey(cluster: cluster, name: name))
    }
}
