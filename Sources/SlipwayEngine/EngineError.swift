/// What went wrong in the engine, always naming the resource.
public enum EngineError: Error, Sendable, CustomStringConvertible {
    case readFailed(ResourceAddress, any Error)
    case changeFailed(ResourceAddress, ChangeAction, any Error)
    case wrongAccount(expected: String, actual: String, arn: String)
    case missingDeployerPackage(searched: [String])
    case notOwned(ResourceAddress)
    /// A web front's piece that another needs is not there (a subnet, a group, a hosted zone).
    case webLookupFailed(String)
    /// A batch call that answers success but lists entries AWS refused (EventBridge PutTargets).
    case entriesRefused(operation: String, message: String)

    public var description: String {
        switch self {
        case .readFailed(let address, let error):
            return "reading \(address): \(error)"
        case .changeFailed(let address, let action, let error):
            let verb = switch action {
            case .create: "creating"
            case .update: "updating"
            case .replace: "replacing"
            case .delete: "deleting"
            case .noChange: "checking"
            }
            return "\(verb) \(address): \(error)"
        case .wrongAccount(let expected, let actual, let arn):
            return "slipway.yml is for account \(expected), but the credentials are for account \(actual) (\(arn)); nothing was changed"
        case .missingDeployerPackage(let searched):
            return "the deployer package slipway-deployer.zip was not found (looked in \(searched.joined(separator: ", "))); install Slipway with scripts/install, build it with scripts/package-deployer.sh, or set SLIPWAY_DEPLOYER_ZIP"
        case .webLookupFailed(let reason):
            return reason
        case .entriesRefused(let operation, let message):
            return "\(operation) refused \(message)"
        case .notOwned(let address):
            return "\(address) exists but does not carry this app's slipway: tags; Slipway will not change a resource it did not create"
        }
    }
}
