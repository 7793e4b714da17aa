import AWSCore
@testable import Deployer
import Testing

@Suite("Copying a revision with a new image; choosing revisions to deregister")
struct TaskDefinitionCopyTests {
    static let described = JSONValue.object([
        "taskDefinitionArn": .string("arn:aws:ecs:us-east-1:123456789012:task-definition/demo:3"),
        "family": .string("demo"), "revision": .number(3), "status": .string("ACTIVE"),
        "registeredAt": .number(1_750_000_000), "registeredBy": .string("arn:aws:iam::123456789012:user/x"),
        "requiresAttributes": .array([.object(["name": .string("com.amazonaws.ecs.capability.logging-driver.awslogs")])]),
        "compatibilities": .array([.string("EC2"), .string("FARGATE")]),
        "cpu": .string("256"), "memory": .string("512"), "networkMode": .string("awsvpc"),
        "pidMode": .string("task"),
        "containerDefinitions": .array([
            .object(["name": .string("web"), "image": .string("old@sha256:1"), "mountPoints": .array([]), "ulimits": .array([])]),
            .object(["name": .string("proxy"), "image": .string("envoy:1")]),
        ]),
    ])

    @Test("only the named container's image changes; read-only members are dropped; tags are kept")
    func copy() throws {
        let tags = JSONValue.array([.object(["key": .string("slipway:app"), "value": .string("demo")])])
        let copy = try TaskDefinitionCopy(Self.described, tags: tags, container: "web", image: "new@sha256:2")
        #expect(copy.imageChanged)
        guard case .object(let request) = copy.request else { Issue.record("not an object"); return }
        #expect(Set(request.keys) == ["family", "cpu", "memory", "networkMode", "pidMode", "containerDefinitions", "tags"])
        #expect(request["tags"] == tags)
        #expect(request["containerDefinitions"] == .array([
            .object(["name": .string("web"), "image": .string("new@sha256:2"), "mountPoints": .array([]), "ulimits": .array([])]),
            .object(["name": .string("proxy"), "image": .string("envoy:1")]),
        ]))
        #expect(try TaskDefinitionCopy(Self.described, tags: .array([]), container: "web", image: "old@sha256:1").imageChanged == false)
        #expect(try TaskDefinitionCopy(Self.described, tags: .array([]), container: "web", image: "x").request["tags"] == nil)
    }

    @Test("a container the family lacks is a configuration error naming the ones it has")
    func missingContainer() {
        #expect {
            try TaskDefinitionCopy(Self.described, tags: nil, container: "api", image: "x")
        } throws: { error in
            guard let failure = error as? JobFailure else { return false }
            return failure.type == .configurationError && failure.message.contains("has no container named 'api' (it has: web, proxy)")
        }
    }

    @Test("stale revisions: beyond the newest N, never one in use, never another family's")
    func staleRevisions() {
        let arn = { (name: String) in "arn:aws:ecs:us-east-1:123456789012:task-definition/\(name)" }
        let listed = ["demo:1", "demo:2", "demo:10", "demo:11", "demo:3", "demo-worker:1", "demo:12"].map(arn)
        #expect(DeployJob.staleRevisions(listed, family: "demo", keep: 2, inUse: [arn("demo:2")]) == ["demo:1", "demo:3", "demo:10"].map(arn))
        #expect(DeployJob.staleRevisions(listed, family: "demo", keep: 10, inUse: []).isEmpty)
    }
}
