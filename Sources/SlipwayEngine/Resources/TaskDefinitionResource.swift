import AWSCore
import AWSServices

/// The task definition family of one service in one environment. `apply` registers it; the
/// image is the deployer's business afterwards, so a new revision keeps the current image.
struct TaskDefinitionResource: ManagedResource {
    struct Container: Sendable {
        let name: String
        let ports: [Int]
        let variables: [(name: String, value: String)]
        let secrets: [(name: String, valueFrom: String)]
        let logGroup: String?
    }

    let family: String
    let cpu: Int
    let memory: Int
    let container: Container
    let initialImage: String
    let executionRole: String
    let taskRoleARN: String?
    let cluster: String
    let serviceName: String
    let tags: SlipwayTags
    let dependencies: [ResourceAddress]

    var address: ResourceAddress { ResourceAddress(.taskDefinition, family) }

    enum Fields {
        static let cpu = FieldID("cpu")
        static let memory = FieldID("memory")
        static let ports = FieldID("ports")
        static let variables = FieldID("variables")
        static let secrets = FieldID("secrets", sensitive: true)
        static let logGroup = FieldID("log group")
        static let taskRole = FieldID("task role")
        static let executionRole = FieldID("execution role")
    }

    var desired: [Field] {
        [
            Field(Fields.cpu, integer: cpu),
            Field(Fields.memory, integer: memory),
            Field(Fields.ports, list: container.ports.map(String.init)),
            Field(Fields.variables, pairs: container.variables.map { ($0.name, $0.value) }),
            Field(Fields.secrets, pairs: container.secrets.map { ($0.name, $0.valueFrom) }),
            Field(Fields.logGroup, container.logGroup),
            Field(Fields.taskRole, taskRoleARN),
            Field(Fields.executionRole, executionRole),
            tags.field,
        ]
    }


    var readsFromListings: Bool { true }

    func readLive(_ context: EngineContext) async throws -> LiveResource? {
        // A revision never changes: one whose fingerprint is the file's has the file's fields.
        // (The deployer's copies keep the tags; the image they change is not compared.)
        switch try await context.listings?.family(family, arns: context.arns) {
        case .gone:
            return nil
        case .newest(let listed) where listed[Fingerprint.tagKey] == Fingerprint.of(desired):
            let liveTags = SlipwayTags(live: listed)
            return LiveResource(fields: desired.filter { $0.id != .tags } + [liveTags.field], ownedByApp: liveTags.isOwned(by: context.app))
        case .newest, .unknown, nil:
            break
        }
        guard let (definition, liveTags) = try await latest(context) else { return nil }
        let main = definition.containerDefinitions?.first { $0.name == container.name }
        let logGroup = main?.logConfiguration?.options?["awslogs-group"]
        return LiveResource(fields: [
            Field(Fields.cpu, numberText: definition.cpu),
            Field(Fields.memory, numberText: definition.memory),
            Field(Fields.ports, list: (main?.portMappings ?? []).compactMap { $0.containerPort.map(String.init) }),
            Field(Fields.variables, pairs: (main?.environment ?? []).map { ($0.name ?? "", $0.value ?? "") }),
            Field(Fields.secrets, pairs: (main?.secrets ?? []).map { ($0.name ?? "", $0.valueFrom ?? "") }),
            Field(Fields.logGroup, logGroup),
            Field(Fields.taskRole, definition.taskRoleArn),
            Field(Fields.executionRole, Self.roleName(definition.executionRoleArn)),
            liveTags.field,
        ], ownedByApp: liveTags.isOwned(by: context.app))
    }

    func create(_ context: EngineContext) async throws {
        _ = try await register(context, image: initialImage)
    }

    /// Registers a revision with the new settings and the image in use, then rolls the service to it.
    func update(_ context: EngineContext, changes: [FieldChange]) async throws {
        let current = try await latest(context)?.definition
        let image = current?.containerDefinitions?.first { $0.name == container.name }?.image ?? initialImage
        let revision = try await register(context, image: image)
        let ecs = ECS(client: context.client)
        let existing = try? await ecs.describeServices(.init(cluster: cluster, services: [serviceName])).services?.first
        if let existing, existing.status == "ACTIVE", let revision {
            _ = try await ecs.updateService(.init(cluster: cluster, service: serviceName, taskDefinition: revision))
        }
    }

    func delete(_ context: EngineContext) async throws {
        let ecs = ECS(client: context.client)
        let revisions = try await ecs.listAllTaskDefinitions(.init(familyPrefix: family, status: .active))
        for revision in revisions {
            _ = try await ecs.deregisterTaskDefinition(.init(taskDefinition: revision))
        }
    }

    private func latest(_ context: EngineContext) async throws -> (definition: ECS.TaskDefinition, tags: SlipwayTags)? {
        do {
            let reply = try await ECS(client: context.client).describeTaskDefinition(.init(taskDefinition: family, include: [.tags]))
            guard let definition = reply.taskDefinition, definition.status != .inactive else { return nil }
            return (definition, slipwayTags(reply.tags))
        } catch let error as AWSError where error.is(ECS.ErrorCode.client) {
            return nil
        }
    }

    private func register(_ context: EngineContext, image: String) async throws -> String? {
        let logConfiguration = container.logGroup.map {
            ECS.LogConfiguration(logDriver: .awslogs, options: [
                "awslogs-group": $0, "awslogs-region": context.region, "awslogs-stream-prefix": container.name,
            ])
        }
        let definition = ECS.ContainerDefinition(
            name: container.name, image: image,
            portMappings: container.ports.map { ECS.PortMapping(containerPort: $0, hostPort: $0, protocol: .tcp) },
            essential: true,
            environment: container.variables.map { ECS.KeyValuePair(name: $0.name, value: $0.value) },
            secrets: container.secrets.isEmpty ? nil : container.secrets.map { ECS.Secret(name: $0.name, valueFrom: $0.valueFrom) },
            logConfiguration: logConfiguration)
        let reply = try await ECS(client: context.client).registerTaskDefinition(.init(
            family: family, taskRoleArn: taskRoleARN, executionRoleArn: context.arns.role(executionRole),
            networkMode: .awsvpc, containerDefinitions: [definition], requiresCompatibilities: [.fargate],
            cpu: String(cpu), memory: String(memory), tags: ecsTags(tags) + [ECS.Tag(key: Fingerprint.tagKey, value: Fingerprint.of(desired))]))
        return reply.taskDefinition?.taskDefinitionArn
    }

    static func roleName(_ arn: String?) -> String? {
        arn.map { String($0.split(separator: "/").last ?? Substring($0)) }
    }
}
