import AWSCore

/// What the deployer needs to know about one service: the `UserParameters` JSON of a
/// pipeline's Deploy action. `slipway apply` writes it with `jsonText()`; the deployer reads
/// it with `parse(_:)`. This type is the single definition of that format, in a target of its
/// own below both (a test holds what apply writes to what the deployer reads).
public struct DeployerParameters: Sendable, Equatable {
    /// CodePipeline's limit on an action configuration value.
    public static let maximumLength = 1000
    public static let defaultKeepRevisions = 10
    public static let defaultTimeoutMinutes = 30
    /// The longest a Lambda action can be kept going by continuation tokens.
    public static let timeoutMinutesRange = 1...1440

    /// The ECS cluster's name or ARN.
    public var cluster: String
    /// The ECS service's name.
    public var service: String
    /// The task definition family whose latest revision is copied with the new image.
    public var family: String
    /// The container of that task definition that runs the built image.
    public var container: String
    /// How many ACTIVE revisions of the family to keep; older ones are deregistered.
    public var keepRevisions: Int
    /// How long the deployer waits for the rollout before it fails the action.
    public var timeoutMinutes: Int
    /// The input artifact to read the image from, when the action has more than one.
    public var artifact: String?

    public init(
        cluster: String, service: String, family: String, container: String,
        keepRevisions: Int = DeployerParameters.defaultKeepRevisions,
        timeoutMinutes: Int = DeployerParameters.defaultTimeoutMinutes,
        artifact: String? = nil
    ) {
        self.cluster = cluster
        self.service = service
        self.family = family
        self.container = container
        self.keepRevisions = keepRevisions
        self.timeoutMinutes = timeoutMinutes
        self.artifact = artifact
    }

    /// Compact JSON with sorted keys, so that the same parameters always render the same
    /// (`apply` compares it with the live action configuration).
    public func jsonText() -> String {
        var object: [String: JSONValue] = [
            "cluster": .string(cluster),
            "service": .string(service),
            "family": .string(family),
            "container": .string(container),
            "keepRevisions": .number(Double(keepRevisions)),
            "timeoutMinutes": .number(Double(timeoutMinutes)),
        ]
        if let artifact { object["artifact"] = .string(artifact) }
        return JSONValue.object(object).jsonText()
    }

    /// Everything wrong with these parameters, as sentences; empty when they are usable. The
    /// deployer checks them when it reads them; `slipway.yml`'s name limits keep what `apply`
    /// writes within them.
    public func problems() -> [String] {
        var problems: [String] = []
        for (key, value) in [("cluster", cluster), ("service", service), ("family", family), ("container", container)] where value.isEmpty {
            problems.append("'\(key)' is empty")
        }
        if let artifact, artifact.isEmpty { problems.append("'artifact' is empty (leave it out to use the only input artifact)") }
        if keepRevisions < 1 { problems.append("'keepRevisions' is \(keepRevisions), and must be at least 1") }
        if !Self.timeoutMinutesRange.contains(timeoutMinutes) {
            problems.append("'timeoutMinutes' is \(timeoutMinutes), and must be \(Self.timeoutMinutesRange.lowerBound) to \(Self.timeoutMinutesRange.upperBound)")
        }
        let length = jsonText().count
        if length > Self.maximumLength {
            problems.append("the parameters take \(length) characters, more than CodePipeline's \(Self.maximumLength)")
        }
        return problems
    }

    static let knownKeys: Set<String> = ["cluster", "service", "family", "container", "keepRevisions", "timeoutMinutes", "artifact"]

    /// Reads the `UserParameters` text. Every problem is reported at once.
    public static func parse(_ text: String?) throws(DeployerParametersError) -> DeployerParameters {
        guard let text, !text.allSatisfy(\.isWhitespace) else {
            throw DeployerParametersError(problems: ["UserParameters is empty; it must be the JSON object that `slipway apply` writes"])
        }
        guard let value = try? JSONValue.parse(Array(text.utf8)), case .object(let object) = value else {
            throw DeployerParametersError(problems: ["UserParameters is not a JSON object"])
        }
        var problems: [String] = []
        for key in object.keys.sorted() where !knownKeys.contains(key) {
            problems.append("unknown key '\(key)' (known: \(knownKeys.sorted().joined(separator: ", ")))")
        }
        func string(_ key: String, required: Bool) -> String? {
            switch object[key] {
            case .string(let value)?: return value
            case nil, .null?:
                if required { problems.append("'\(key)' is missing") }
                return nil
            default:
                problems.append("'\(key)' must be a string")
                return nil
            }
        }
        func integer(_ key: String, default fallback: Int) -> Int {
            switch object[key] {
            case nil, .null?: return fallback
            case .number(let value)? where value == value.rounded() && abs(value) < 1e9: return Int(value)
            default:
                problems.append("'\(key)' must be a whole number")
                return fallback
            }
        }
        let cluster = string("cluster", required: true)
        let service = string("service", required: true)
        let family = string("family", required: true)
        let container = string("container", required: true)
        let artifact = string("artifact", required: false)
        let keep = integer("keepRevisions", default: defaultKeepRevisions)
        let timeout = integer("timeoutMinutes", default: defaultTimeoutMinutes)
        guard problems.isEmpty, let cluster, let service, let family, let container else {
            throw DeployerParametersError(problems: problems)
        }
        let parameters = DeployerParameters(cluster: cluster, service: service, family: family, container: container,
                                            keepRevisions: keep, timeoutMinutes: timeout, artifact: artifact)
        let remaining = parameters.problems().filter { !$0.hasPrefix("the parameters take") }
        guard remaining.isEmpty else { throw DeployerParametersError(problems: remaining) }
        return parameters
    }
}

/// Why the `UserParameters` of a Deploy action cannot be used.
public struct DeployerParametersError: Error, Sendable, Equatable, CustomStringConvertible {
    public let problems: [String]

    public init(problems: [String]) {
        self.problems = problems
    }

    public var description: String {
        "the Deploy action's UserParameters are not usable: " + problems.joined(separator: "; ")
            + ". Run `slipway apply` to write them again."
    }
}
