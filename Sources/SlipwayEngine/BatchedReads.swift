import AWSCore
import AWSServices

/// The reads AWS takes in batches, shared by one plan or apply, so that reading every resource
/// one by one costs a call per batch: ECS services (10 a call per cluster), CodeBuild projects
/// (100) and ECS services' scalable targets (50). Each resource still asks for its own.
public final class BatchedReads: Sendable {
    struct ServiceKey: Hashable, Sendable {
        let cluster: String
        let name: String
    }

    let ecsServices: ReadBatcher<ServiceKey, ECS.Service>
    let projects: ReadBatcher<String, CodeBuild.Project>
    let scalableTargets: ReadBatcher<String, ApplicationAutoScaling.ScalableTarget>

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
            return Dictionary((reply.ScalableTargets ?? []).map { ($0.ResourceId, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// DescribeScalableTargets takes at most 50 resource IDs.
    static let scalableTargetsLimit = 50

    func ecsService(_ name: String, cluster: String) async throws -> ECS.Service? {
        try await ecsServices.load(ServiceKey(cluster: cluster, name: name))
    }
}
