import AWSCore

/// A `RegisterTaskDefinition` request that copies a described revision with one container's
/// image changed. It works on the JSON as ECS sent it, not on typed shapes, so every setting
/// of the revision is carried over, including those Slipway's shapes do not model (volumes,
/// mount points, Linux parameters, …): only the image changes.
struct TaskDefinitionCopy {
    /// The members of `RegisterTaskDefinition`'s input that a described task definition also
    /// has (botocore's ecs model); read-only ones (ARN, revision, status, registeredAt, …) are
    /// left behind.
    static let registrableMembers: Set<String> = [
        "family", "taskRoleArn", "executionRoleArn", "networkMode", "containerDefinitions", "volumes",
        "placementConstraints", "requiresCompatibilities", "cpu", "memory", "pidMode", "ipcMode",
        "proxyConfiguration", "inferenceAccelerators", "ephemeralStorage", "runtimePlatform",
        "enableFaultInjection", "trustedExecutionConfiguration",
    ]

    let request: JSONValue
    /// False when the container already runs exactly this image (then nothing is registered).
    let imageChanged: Bool

    init(_ taskDefinition: JSONValue, tags: JSONValue?, container: String, image: String) throws {
        guard case .object(let described) = taskDefinition, case .array(var containers)? = described["containerDefinitions"] else {
            throw JobFailure.job("ECS described a task definition without containerDefinitions")
        }
        let family = described["family"]?.stringValue ?? "?"
        guard let index = containers.firstIndex(where: { $0["name"]?.stringValue == container }),
              case .object(var definition) = containers[index]
        else {
            let names = containers.compactMap { $0["name"]?.stringValue }
            throw JobFailure.configuration("the task definition family \(family) has no container named '\(container)' (it has: \(names.joined(separator: ", ")))")
        }
        imageChanged = definition["image"]?.stringValue != image
        definition["image"] = .string(image)
        containers[index] = .object(definition)

        var request = described.filter { Self.registrableMembers.contains($0.key) }
        request["containerDefinitions"] = .array(containers)
        // ECS refuses an empty tag list; no tags means leave the member out.
        if case .array(let list)? = tags, !list.isEmpty { request["tags"] = .array(list) }
        self.request = .object(request)
    }
}
