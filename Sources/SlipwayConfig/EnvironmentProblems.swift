/// Problems found per environment, so that one that holds in several is reported once, naming them.
///
/// A check of a service's resolved settings runs in every environment; without this, a file with
/// three environments would repeat the same line three times.
struct EnvironmentProblems {
    struct Problem: Hashable {
        let position: SourcePosition
        /// What is wrong, starting with the path of the value at `position`.
        let subject: String
        /// What would be right.
        let advice: String
        /// Whether `subject` names the environment already (an override's path), so "in ENV" is left out.
        var namesEnvironment = false
    }

    private var order: [Problem] = []
    private var environments: [Problem: [String]] = [:]

    mutating func add(_ problem: Problem, in environment: String) {
        if environments[problem] == nil { order.append(problem) }
        environments[problem, default: []].append(environment)
    }

    /// Each problem once: `subject in ENV and ENV; advice`, or without the environments when it
    /// holds in all of `all` or its subject names its environment.
    func messages(amongEnvironments all: [String]) -> [Diagnostic] {
        order.map { problem in
            let found = environments[problem] ?? []
            let place =
                problem.namesEnvironment || Set(found) == Set(all) ? "" : " in \(EnglishList.and(found))"
            return Diagnostic(position: problem.position, message: "\(problem.subject)\(place); \(problem.advice)")
        }
    }
}

extension ConfigParser {
    mutating func report(_ problems: EnvironmentProblems, amongEnvironments all: [String]) {
        for diagnostic in problems.messages(amongEnvironments: all) {
            report(diagnostic.position, diagnostic.message)
        }
    }
}
