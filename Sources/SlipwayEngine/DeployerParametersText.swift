import AWSCore

/// The JSON `UserParameters` of the Deploy action, which the deployer reads (its
/// `DeployerParameters` has the same keys; a contract test holds the two together).
/// CodePipeline allows at most 1000 characters, so only names go here.
public enum DeployerParametersText {
    public static func make(cluster: String, service: String, family: String, container: String,
                            keepRevisions: Int = 10, timeoutMinutes: Int = 30) -> String {
        JSONValue.object([
            "cluster": .string(cluster),
            "service": .string(service),
            "family": .string(family),
            "container": .string(container),
            "keepRevisions": .number(Double(keepRevisions)),
            "timeoutMinutes": .number(Double(timeoutMinutes)),
        ]).jsonText()
    }
}
