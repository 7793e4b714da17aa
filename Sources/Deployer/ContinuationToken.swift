import AWSCore

/// What the deployer hands CodePipeline between invocations of one job: which ECS deployment
/// to watch, until when, and what was deployed (for the final summary). Compact JSON, well
/// under CodePipeline's 2048 characters.
public struct ContinuationToken: Sendable, Equatable {
    /// The format's version, so that a token from an older deployer is recognised.
    public static let version = 1

    /// The ECS deployment id (`ecs-svc/…`).
    public var deploymentID: String
    /// The task definition revision that deployment rolls out.
    public var taskDefinitionArn: String
    /// The image that revision runs.
    public var image: String
    /// When the deployer gives up waiting.
    public var deadline: Date

    public init(deploymentID: String, taskDefinitionArn: String, image: String, deadline: Date) {
        self.deploymentID = deploymentID
        self.taskDefinitionArn = taskDefinitionArn
        self.image = image
        self.deadline = deadline
    }

    /// The token's text. When the image would push it over CodePipeline's limit, the image is
    /// left out (the summary then names only the revision).
    public var text: String {
        let limit = 2048
        var fields: [String: JSONValue] = [
            "v": .number(Double(Self.version)),
            "deployment": .string(deploymentID),
            "taskDefinition": .string(taskDefinitionArn),
            "deadline": .number(deadline.timeIntervalSince1970.rounded(.up)),
            "image": .string(image),
        ]
        var text = JSONValue.object(fields).jsonText()
        if text.unicodeScalars.count > limit {
            fields["image"] = .string("")
            text = JSONValue.object(fields).jsonText()
        }
        return text
    }

    public init(text: String) throws(ContinuationTokenError) {
        guard let value = try? JSONValue.parse(Array(text.utf8)), case .object(let object) = value else {
            throw ContinuationTokenError(text: text)
        }
        guard case .number(let version)? = object["v"], Int(version) == Self.version,
              let deployment = object["deployment"]?.stringValue, !deployment.isEmpty,
              let taskDefinition = object["taskDefinition"]?.stringValue,
              case .number(let deadline)? = object["deadline"]
        else { throw ContinuationTokenError(text: text) }
        self.init(deploymentID: deployment, taskDefinitionArn: taskDefinition, image: object["image"]?.stringValue ?? "",
                  deadline: Date(timeIntervalSince1970: deadline))
    }
}

/// A continuation token this deployer did not write.
public struct ContinuationTokenError: Error, Sendable, CustomStringConvertible {
    let text: String
    public var description: String {
        "the continuation token '\(text.prefix(200))' is not one this deployer writes; retry the Deploy stage to start a new deployment"
    }
}
