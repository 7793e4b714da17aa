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
