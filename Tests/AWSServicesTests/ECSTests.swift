import AWSCore
import AWSServices
import Foundation
import SlipwayTestSupport
import Testing

/// ECS against the emulator: each test makes its own cluster, task definitions and services.
@Suite("ECS") struct ECSTests {
    typealias Support = DeployServicesTestSupport

    static let slipwayTags = [
        ECS.Tag(key: "slipway:app", value: "demo"),
        ECS.Tag(key: "slipway:env", value: "development"),
        ECS.Tag(key: "slipway:service", value: "web"),
    ]

    static func container(image: String, memory: Int? = nil) -> ECS.ContainerDefinition {
        ECS.ContainerDefinition(
            name: "web", image: image, memory: memory,
            portMappings: [ECS.PortMapping(containerPort: 8005, protocol: .tcp)],
            essential: true,
            environment: [ECS.KeyValuePair(name: "DJANGO_DEBUG", value: "false")],
            secrets: [ECS.Secret(name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db")],
            logConfiguration: ECS.LogConfiguration(logDriver: .awslogs, options: [
                "awslogs-group": "/ecs/demo/development/web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "web",
            ]))
    }

    static func registration(
        family: String, image: String = "123456789012.dkr.ecr.us-east-1.amazonaws.com/demo/web:1", containerMemory: Int? = nil
    ) -> ECS.RegisterTaskDefinitionRequest {
        ECS.RegisterTaskDefinitionRequest(
            family: family,
            taskRoleArn: "arn:aws:iam::123456789012:role/demo-task",
            executionRoleArn: "arn:aws:iam::123456789012:role/demo-execution",
            networkMode: .awsvpc,
            containerDefinitions: [container(image: image, memory: containerMemory)],
            requiresCompatibilities: [.fargate],
            cpu: "256", memory: "512",
            tags: slipwayTags)
    }

    @Test func clusterRoundTrip() async throws {
        let ecs = ECS(client: try await Support.client())
        let name = Support.unique("slipway-cluster")
        let insights = ECS.ClusterSetting(name: .containerInsights, value: "enabled")

        let created = try #require(try await ecs.createCluster(.init(clusterName: name, tags: Self.slipwayTags, settings: [insights])).cluster)
        #expect(created.clusterName == name)
        #expect(created.status == "ACTIVE")
        let arn = try #require(created.clusterArn)
        #expect(arn.hasSuffix(":cluster/\(name)"))

        let described = try await ecs.describeClusters(.init(clusters: [name], include: [.tags, .settings]))
        let cluster = try #require(described.clusters?.first)
        #expect(cluster.clusterArn == arn)
        #expect(cluster.status == "ACTIVE")
        #expect(Set(cluster.tags ?? []) == Set(Self.slipwayTags))
        #expect(cluster.settings == [insights])

        // Tags change through TagResource / UntagResource.
        let extra = ECS.Tag(key: "owner", value: "dbmi")
        try await ecs.tagResource(.init(resourceArn: arn, tags: [extra]))
        #expect(Set(try await ecs.listTagsForResource(.init(resourceArn: arn)).tags ?? []) == Set(Self.slipwayTags + [extra]))
        try await ecs.untagResource(.init(resourceArn: arn, tagKeys: ["owner"]))
        #expect(Set(try await ecs.listTagsForResource(.init(resourceArn: arn)).tags ?? []) == Set(Self.slipwayTags))

        let deleted = try await ecs.deleteCluster(.init(cluster: name)).cluster
        #expect(deleted?.clusterArn == arn)
        // A deleted cluster stays describable for a while, INACTIVE.
        let after = try await ecs.describeClusters(.init(clusters: [name]))
        #expect(after.clusters?.allSatisfy { $0.status == "INACTIVE" } ?? true)

        let missing = Support.unique("slipway-no-cluster")
        let missingDescribed = try await ecs.describeClusters(.init(clusters: [missing]))
        #expect(missingDescribed.clusters?.isEmpty ?? true)
        #expect(missingDescribed.failures?.first?.reason == "MISSING")
        await Support.expectAWSError("ClusterNotFoundException") { _ = try await ecs.deleteCluster(.init(cluster: missing)) }
    }

    @Test func taskDefinitionRoundTrip() async throws {
        let ecs = ECS(client: try await Support.client())
        let family = Support.unique("slipway-family")
        let request = Self.registration(family: family)

        let registered = try await ecs.registerTaskDefinition(request)
        let first = try #require(registered.taskDefinition)
        #expect(first.family == family)
        #expect(first.revision == 1)
        #expect(first.status == .active)
        let firstArn = try #require(first.taskDefinitionArn)
        #expect(firstArn.hasSuffix(":task-definition/\(family):1"))

        let described = try await ecs.describeTaskDefinition(.init(taskDefinition: family, include: [.tags]))
        let definition = try #require(described.taskDefinition)
        #expect(definition.taskDefinitionArn == firstArn)
        #expect(definition.taskRoleArn == request.taskRoleArn)
        #expect(definition.executionRoleArn == request.executionRoleArn)
        #expect(definition.networkMode == .awsvpc)
        #expect(definition.requiresCompatibilities == [.fargate])
        #expect(definition.cpu == "256")
        #expect(definition.memory == "512")
        #expect(Set(described.tags ?? []) == Set(Self.slipwayTags))
        let container = try #require(definition.containerDefinitions?.first)
        let sent = request.containerDefinitions[0]
        #expect(container.name == sent.name)
        #expect(container.image == sent.image)
        #expect(container.essential == true)
        #expect(container.portMappings?.first?.containerPort == 8005)
        #expect(container.environment == sent.environment)
        #expect(container.secrets == sent.secrets)
        #expect(container.logConfiguration == sent.logConfiguration)

        // The deployer's copy: the same definition with a new image is revision 2.
        let newImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/demo/web@sha256:" + String(repeating: "ab", count: 32)
        let copy = try #require(definition.registrationRequest(tags: described.tags) { $0.containerDefinitions[0].image = newImage })
        #expect(copy.family == family)
        #expect(copy.executionRoleArn == request.executionRoleArn)
        let second = try #require(try await ecs.registerTaskDefinition(copy).taskDefinition)
        #expect(second.revision == 2)
        #expect(second.containerDefinitions?.first?.image == newImage)
        #expect(second.containerDefinitions?.first?.secrets == sent.secrets)
        let latest = try await ecs.describeTaskDefinition(.init(taskDefinition: family)).taskDefinition
        #expect(latest?.revision == 2)

        let listed = try await ecs.listAllTaskDefinitions(.init(familyPrefix: family, status: .active, sort: .desc, maxResults: 1))
        #expect(Set(listed) == [firstArn, try #require(second.taskDefinitionArn)])

        // Retire revision 1: INACTIVE, then deleted.
        let deregistered = try await ecs.deregisterTaskDefinition(.init(taskDefinition: "\(family):1")).taskDefinition
        #expect(deregistered?.status == .inactive)
        #expect(try await ecs.listAllTaskDefinitions(.init(familyPrefix: family)) == [try #require(second.taskDefinitionArn)])
        #expect(try await ecs.listAllTaskDefinitions(.init(familyPrefix: family, status: .inactive)) == [firstArn])
        let deleted = try await ecs.deleteTaskDefinitions(.init(taskDefinitions: [firstArn]))
        #expect(deleted.taskDefinitions?.first?.taskDefinitionArn == firstArn)
        #expect(deleted.failures?.isEmpty ?? true)
        #expect([.deleteInProgress, nil].contains(deleted.taskDefinitions?.first?.status) || deleted.taskDefinitions?.first?.status == .inactive)

        await Support.expectAWSError("ClientException") {
            _ = try await ecs.describeTaskDefinition(.init(taskDefinition: Support.unique("slipway-no-family")))
        }
    }

    @Test func serviceRoundTrip() async throws {
        let client = try await Support.client()
        let ecs = ECS(client: client)
        let network = try await EmulatorNetwork.defaultNetwork(client)
        let cluster = Support.unique("slipway-svc-cluster")
        _ = try await ecs.createCluster(.init(clusterName: cluster))
        let family = Support.unique("slipway-svc")
        let first = try #require(try await ecs.registerTaskDefinition(Self.registration(family: family)).taskDefinition?.taskDefinitionArn)
        // moto's RunTask (used below) needs a container-level memory even on Fargate.
        let second = try #require(try await ecs.registerTaskDefinition(
            Self.registration(family: family, image: "demo/web:2", containerMemory: 512)).taskDefinition?.taskDefinitionArn)

        let networking = ECS.NetworkConfiguration(awsvpcConfiguration: .init(
            subnets: network.subnets, securityGroups: network.securityGroups, assignPublicIp: .disabled))
        let deployment = ECS.DeploymentConfiguration(
            deploymentCircuitBreaker: .init(enable: true, rollback: true), maximumPercent: 200, minimumHealthyPercent: 100)
        let created = try #require(try await ecs.createService(.init(
            cluster: cluster, serviceName: family, taskDefinition: first, desiredCount: 1, launchType: .fargate,
            deploymentConfiguration: deployment, networkConfiguration: networking, tags: Self.slipwayTags,
            enableECSManagedTags: true, propagateTags: .service)).service)
        #expect(created.serviceName == family)
        #expect(created.status == "ACTIVE")
        #expect(created.launchType == .fargate)
        #expect(created.desiredCount == 1)
        #expect(created.taskDefinition == first)
        let serviceArn = try #require(created.serviceArn)

        let described = try await ecs.describeServices(.init(cluster: cluster, services: [family], include: [.tags]))
        let service = try #require(described.services?.first)
        #expect(described.failures?.isEmpty ?? true)
        #expect(service.serviceArn == serviceArn)
        #expect(service.networkConfiguration == networking)
        #expect(service.propagateTags == .service)
        #expect(Set(service.tags ?? []) == Set(Self.slipwayTags))
        let primary = try #require(service.primaryDeployment)
        #expect(primary.id?.hasPrefix("ecs-svc/") == true)
        #expect(primary.taskDefinition == first)
        #expect(primary.desiredCount == 1)
        #expect(primary.runningCount != nil)
        #expect(primary.failedTasks == 0)
        #expect(primary.createdAt != nil)
        #expect(primary.updatedAt != nil)
        #expect([.inProgress, .completed].contains(primary.rolloutState))
        #expect(primary.rolloutStateReason != nil)
        #expect(try await ecs.listTagsForResource(.init(resourceArn: serviceArn)).tags.map(Set.init) == Set(Self.slipwayTags))

        // A new revision, two tasks, and a forced new deployment.
        let updated = try #require(try await ecs.updateService(.init(
            cluster: cluster, service: family, desiredCount: 2, taskDefinition: second,
            deploymentConfiguration: deployment, forceNewDeployment: true)).service)
        #expect(updated.desiredCount == 2)
        let reread = try #require(try await ecs.describeServices(.init(cluster: cluster, services: [serviceArn])).services?.first)
        #expect(reread.desiredCount == 2)
        #expect(reread.taskDefinition?.hasSuffix("\(family):2") == true || reread.taskDefinition == second)
        #expect(reread.primaryDeployment?.id != primary.id)

        #expect(try await ecs.listAllServices(.init(cluster: cluster)) == [serviceArn])

        // Tasks: the emulator runs none for a service, so start one directly (RunTask is not a
        // Slipway operation) to read it back through ListTasks and DescribeTasks.
        let run = try await client.json(ECS.service, "RunTask", JSONValue.object([
            "cluster": .string(cluster), "taskDefinition": .string(second), "launchType": .string("FARGATE"),
            "startedBy": .string("slipway-test"),
            "networkConfiguration": try JSONValue.from(networking),
        ]), as: JSONValue.self)
        let taskArn = try #require(run["tasks"].flatMap { if case .array(let tasks) = $0 { tasks.first?["taskArn"]?.stringValue } else { nil } })
        let taskArns = try await ecs.listAllTasks(.init(cluster: cluster, family: family))
        #expect(taskArns == [taskArn])
        let tasks = try await ecs.describeTasks(.init(cluster: cluster, tasks: [taskArn]))
        let task = try #require(tasks.tasks?.first)
        #expect(task.taskArn == taskArn)
        #expect(task.taskDefinitionArn == second)
        #expect(task.clusterArn?.hasSuffix(":cluster/\(cluster)") == true)
        #expect(task.launchType == .fargate)
        #expect(task.startedBy == "slipway-test")
        #expect(task.containers?.first?.name == "web")
        #expect(task.lastStatus != nil)
        // (moto never reports unknown tasks as failures, so that part of DescribeTasks is untested.)

        // Delete with tasks still desired: `force`.
        let deleted = try #require(try await ecs.deleteService(.init(cluster: cluster, service: family, force: true)).service)
        #expect(deleted.serviceArn == serviceArn)
        let gone = try await ecs.describeServices(.init(cluster: cluster, services: [family]))
        #expect(gone.services?.allSatisfy { $0.status == "INACTIVE" || $0.status == "DRAINING" } ?? true)

        let missing = Support.unique("slipway-no-service")
        await Support.expectAWSError("ServiceNotFoundException") { _ = try await ecs.deleteService(.init(cluster: cluster, service: missing)) }
        await Support.expectAWSError("ServiceNotFoundException") { _ = try await ecs.updateService(.init(cluster: cluster, service: missing, desiredCount: 0)) }
        let missingDescribed = try await ecs.describeServices(.init(cluster: cluster, services: [missing]))
        #expect(missingDescribed.failures?.first?.reason == "MISSING")
        // As on AWS, the cluster refuses deletion while the deleted service drains and its tasks
        // stop, and while the task run by hand runs: stop it.
        _ = try await client.json(ECS.service, "StopTask", JSONValue.object(["cluster": .string(cluster), "task": .string(taskArn)]), as: JSONValue.self)
        _ = try await Waiter(interval: .milliseconds(200), timeout: .seconds(30)).retrying(while: { ($0 as? AWSError)?.code.hasPrefix("ClusterContains") == true }) {
            try await ecs.deleteCluster(.init(cluster: cluster))
        }
    }

    /// `DescribeServices` takes 10 names at most: `describeAllServices` splits 12 into two calls.
    @Test func describeAllServicesChunks() async throws {
        let connection = try await Emulator.shared.connection()
        let counter = Support.CallCounter()
        let counting = connection.client(observer: { counter.record($0) })
        let client = connection.client()
        let ecs = ECS(client: client)
        let cluster = Support.unique("slipway-many")
        _ = try await ecs.createCluster(.init(clusterName: cluster))
        let family = Support.unique("slipway-many")
        let definition = try #require(try await ecs.registerTaskDefinition(.init(
            family: family, containerDefinitions: [.init(name: "web", image: "demo/web:1", memory: 512)])).taskDefinition?.taskDefinitionArn)
        let names = (1...11).map { "\(family)-\($0)" }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for name in names {
                group.addTask { _ = try await ecs.createService(.init(cluster: cluster, serviceName: name, taskDefinition: definition)) }
            }
            try await group.waitForAll()
        }
        let missing = "\(family)-missing"
        let all = try await ECS(client: counting).describeAllServices(cluster: cluster, services: names + [missing])
        #expect(counter.count("DescribeServices") == 2)
        #expect(all.services?.compactMap(\.serviceName) == names)
        #expect(all.failures?.count == 1)
        #expect(all.failures?.first?.arn?.hasSuffix(missing) == true)
    }
}
