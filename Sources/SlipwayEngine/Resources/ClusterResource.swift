import AWSCore
import AWSServices

/// The ECS cluster named in `cluster.name`: created when absent; an existing cluster that
/// Slipway did not create is used as it is and never changed or deleted.
struct ClusterResource: ManagedResource {
    let name: String
    let tags: SlipwayTags

    var address: ResourceAddress { ResourceAddress(.ecsCluster, name) }
    var dependencies: [ResourceAddress] { [] }
    var desired: [Field] { [tags.field] }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        let reply = try await ECS(client: context.client).describeClusters(.init(clusters: [name], include: [.tags]))
        guard let cluster = reply.clusters?.first(where: { $0.clusterName == name && $0.status != "INACTIVE" }) else { return nil }
        let liveTags = SlipwayTags(live: (cluster.tags ?? []).map { (key: $0.key, value: $0.value) })
        guard liveTags.isOwned(by: context.app) else {
            return LiveResource(fields: desired, ownedByApp: false)
        }
        return LiveResource(fields: [liveTags.field], ownedByApp: true)
    }

    func create(_ context: EngineContext) async throws {
        _ = try await ECS(client: context.client).createCluster(.init(clusterName: name, tags: ecsTags(tags)))
    }

    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let ecs = ECS(client: context.client)
        try await ecs.tagResource(.init(resourceArn: context.arns.ecsCluster(name), tags: ecsTags(tags)))
    }

    /// Deletes the cluster once its services are INACTIVE and its tasks have stopped: AWS refuses
    /// meanwhile (ClusterContainsServicesException, ClusterContainsTasksException), so those are
    /// retried within `shortSettling`'s bound, saying what the delete waits for.
    func delete(_ context: EngineContext) async throws {
        let ecs = ECS(client: context.client)
        var told = false
        try await context.shortSettling.retrying(while: { error in
            guard SettlingRefusal.ecsClusterBusy.contains(where: { $0.matches(error) }), let error = error as? AWSError else { return false }
            if !told {
                told = true
                context.notice("waiting for the tasks and services of ECS cluster \(name) to stop before deleting it (\(error.message))")
            }
            return true
        }) {
            do {
                _ = try await ecs.deleteCluster(.init(cluster: name))
            } catch let error as AWSError where error.is(ECS.ErrorCode.clusterNotFound) {
                return
            }
        }
    }
}

func ecsTags(_ tags: SlipwayTags) -> [ECS.Tag] {
    tags.sortedPairs.map { ECS.Tag(key: $0.key, value: $0.value) }
}

func slipwayTags(_ tags: [ECS.Tag]?) -> SlipwayTags {
    SlipwayTags(live: (tags ?? []).map { (key: $0.key, value: $0.value) })
}
