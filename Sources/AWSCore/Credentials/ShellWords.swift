/// Splits a command line into words as Python's `shlex.split` does (POSIX mode), which is how
/// the AWS CLI reads `credential_process` on Linux and macOS: no shell runs, so there is no
/// variable expansion, globbing or piping; quotes and backslashes group and escape.
enum ShellWords {
    struct Failure: Error, Sendable, CustomStringConvertible {
        let description: String
    }

    static func split(_ text: String) throws -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var characters = text.makeIterator()
        while let character = characters.next() {
            switch character {
            case let blank where blank == " " || blank == "\t" || blank.isNewline:
                if inWord { words.append(word); word = ""; inWord = false }
            case "'":
                inWord = true
                while true {
                    guard let next = characters.next() else { throw Failure(description: "no closing quotation") }
                    if next == "'" { break }
                    word.append(next)
                }
            case "\"":
                inWord = true
                while true {
                    guard let next = characters.next() else { throw Failure(description: "no closing quotation") }
                    if next == "\"" { break }
                    if next == "\\" {
                        guard let escaped = characters.next() else { throw Failure(description: "no closing quotation") }
                        // Inside double quotes a backslash escapes only `"` and itself.
                        if escaped != "\"" && escaped != "\\" { word.append("\\") }
                        word.append(escaped)
                    } else {
                        word.append(next)
                    }
                }
            case "\\":
                guard let escaped = characters.next() else { throw Failure(description: "no escaped character") }
                inWord = true
                word.append(escaped)
            default:
                inWord = true
                word.append(character)
            }
        }
        if inWord { words.append(word) }
        return words
    }
}
