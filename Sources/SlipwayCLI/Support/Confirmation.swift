import ArgumentParser

/// Asks before a change; without a terminal, only `--auto-approve` lets a change happen.
enum Confirmation {
    struct Refused: Error, CustomStringConvertible {
        let description: String
    }

    static func require(_ question: String, autoApprove: Bool) throws {
        if autoApprove { return }
        guard Terminal.stdinIsTerminal else {
            throw Refused(description: "standard input is not a terminal, so nothing was changed; pass --auto-approve to change without asking")
        }
        Terminal.writeError("\(question)\n  Only 'yes' will be accepted: ")
        guard readLine()?.trimmed() == "yes" else {
            throw Refused(description: "cancelled; nothing was changed")
        }
    }
}
