/// How an operation that waits looks again: every `interval`, for at most `timeout`, with a
/// sleep that tests can replace so that they need no real waiting.
public struct Polling: Sendable {
    public var interval: Duration
    public var timeout: Duration
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(interval: Duration = .seconds(5), timeout: Duration = .seconds(3600),
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }) {
        self.interval = interval
        self.timeout = timeout
        self.sleep = sleep
    }
}

/// `family:revision` and the revision number of a task definition ARN.
public enum TaskDefinitionName {
    /// `arn:…:task-definition/family:3` → `family:3` (the text itself when it has no `/`).
    public static func short(_ arn: String) -> String {
        arn.split(separator: "/").last.map(String.init) ?? arn
    }

    public static func revision(_ arn: String) -> Int? {
        short(arn).split(separator: ":").last.flatMap { Int($0) }
    }

    public static func family(_ arn: String) -> String {
        String(short(arn).split(separator: ":").first ?? "")
    }
}
