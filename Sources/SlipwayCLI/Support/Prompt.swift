/// Asks one question on the terminal (stderr) and reads the answer from stdin.
enum Prompt {
    /// The answer, or `defaultValue` (shown in brackets) when the answer is empty.
    static func ask(_ question: String, default defaultValue: String?) -> String {
        let hint = defaultValue.map { " [\($0)]" } ?? ""
        Terminal.writeError("\(question)\(hint): ")
        let answer = (readLine() ?? "").trimmed()
        return answer.isEmpty ? (defaultValue ?? "") : answer
    }
}
