import AWSCore
import Foundation

/// A JSON document (an IAM policy, a lifecycle policy, the deployer's parameters) as lines a
/// person reads: keys sorted, two spaces per level, one member or element a line.
enum DocumentText {
    /// The document's lines, or the text as it is when it is not JSON.
    static func lines(_ text: String) -> [String] {
        guard let value = try? JSONValue.parse(Array(text.utf8)) else { return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        var lines: [String] = []
        append(value, prefix: "", suffix: "", depth: 0, to: &lines)
        return lines
    }

    private static func append(_ value: JSONValue, prefix: String, suffix: String, depth: Int, to lines: inout [String]) {
        let indent = String(repeating: "  ", count: depth)
        switch value {
        case .object(let members) where !members.isEmpty:
            lines.append(indent + prefix + "{")
            let keys = members.keys.sorted()
            for (index, key) in keys.enumerated() {
                // `members[key]` is there: the key came from `members`.
                append(members[key] ?? .null, prefix: scalar(.string(key)) + ": ", suffix: index == keys.count - 1 ? "" : ",",
                       depth: depth + 1, to: &lines)
            }
            lines.append(indent + "}" + suffix)
        case .array(let items) where !items.isEmpty:
            lines.append(indent + prefix + "[")
            for (index, item) in items.enumerated() {
                append(item, prefix: "", suffix: index == items.count - 1 ? "" : ",", depth: depth + 1, to: &lines)
            }
            lines.append(indent + "]" + suffix)
        default:
            lines.append(indent + prefix + scalar(value) + suffix)
        }
    }

    private static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .number(let number) where number == number.rounded() && abs(number) < 1e15:
            String(Int64(number))
        case .object:
            "{}"
        case .array:
            "[]"
        default:
            value.jsonText()
        }
    }
}

/// One line of a line diff: kept, removed or added.
enum DiffLine: Equatable {
    case same(String)
    case removed(String)
    case added(String)
    /// A run of unchanged lines left out.
    case hidden(Int)
}

/// A line diff of two texts with a few lines of context around each change, the way
/// `diff -u` and Terraform show a changed document.
enum LineDiff {
    static func diff(_ old: [String], _ new: [String], context: Int = 2) -> [DiffLine] {
        collapse(align(old, new), context: context)
    }

    /// Every line of both, in order: the longest common subsequence kept, the rest removed or added.
    static func align(_ old: [String], _ new: [String]) -> [DiffLine] {
        let rows = old.count, columns = new.count
        // lengths[i][j]: the longest common subsequence of old[i...] and new[j...].
        var lengths = Array(repeating: Array(repeating: 0, count: columns + 1), count: rows + 1)
        for i in stride(from: rows - 1, through: 0, by: -1) {
            for j in stride(from: columns - 1, through: 0, by: -1) {
                lengths[i][j] = old[i] == new[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var lines: [DiffLine] = []
        var i = 0, j = 0
        while i < rows || j < columns {
            if i < rows, j < columns, old[i] == new[j] {
                lines.append(.same(old[i]))
                i += 1
                j += 1
            } else if j < columns, i == rows || lengths[i][j + 1] >= lengths[i + 1][j] {
                lines.append(.added(new[j]))
                j += 1
            } else {
                lines.append(.removed(old[i]))
                i += 1
            }
        }
        // Within a changed run, removals first, then additions, as `diff -u` shows them.
        var ordered: [DiffLine] = []
        var added: [DiffLine] = []
        for line in lines {
            switch line {
            case .added: added.append(line)
            case .removed: ordered.append(line)
            default:
                ordered += added
                added = []
                ordered.append(line)
            }
        }
        return ordered + added
    }

    /// Unchanged lines farther than `context` from any change become one `hidden` entry.
    static func collapse(_ lines: [DiffLine], context: Int) -> [DiffLine] {
        let changed = lines.indices.filter { if case .same = lines[$0] { false } else { true } }
        var keep = Set<Int>()
        for index in changed {
            for near in max(0, index - context)...min(lines.count - 1, index + context) { keep.insert(near) }
        }
        var result: [DiffLine] = []
        var hidden = 0
        for (index, line) in lines.enumerated() {
            if keep.contains(index) {
                if hidden > 0 { result.append(.hidden(hidden)) }
                hidden = 0
                result.append(line)
            } else {
                hidden += 1
            }
        }
        if hidden > 0 { result.append(.hidden(hidden)) }
        return result
    }
}
