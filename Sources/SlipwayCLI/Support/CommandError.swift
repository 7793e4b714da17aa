/// Why a command stopped that is neither a usage error (those are ArgumentParser's
/// `ValidationError`, exit 64) nor an error of a layer below (config, AWS, engine).
enum CommandError: Error, CustomStringConvertible {
    case filesExist([String])
    case containerLogsOff(service: String, environment: String)
    case accountUnknown(reason: String, file: String)
    case taskDidNotRun(task: String, reason: String?)

    var description: String {
        switch self {
        case .filesExist(let paths):
            "\(paths.joined(separator: " and ")) already exist\(paths.count == 1 ? "s" : ""); nothing was written (pass --force to replace)"
        case .containerLogsOff(let service, let environment):
            "\(service) has logs: false in \(environment), so its containers write no CloudWatch logs"
        case .accountUnknown(let reason, let file):
            "could not learn the account from the credentials (\(reason)); pass --account or set account: in \(file)"
        case .taskDidNotRun(let task, let reason):
            "task \(task) stopped without running its command: \(reason ?? "ECS gave no reason")"
        }
    }
}
