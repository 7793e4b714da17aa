/// Builds the small XML request bodies of REST-XML services (S3's configurations, Route 53's
/// changes), escaping every text value. A nil value writes nothing, so a member not set is not sent.
public enum XMLText {
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\r": result += "&#13;"
            default: result.append(character)
            }
        }
        return result
    }

    /// `<name>` around already-written XML.
    public static func element(_ name: String, _ content: String?) -> String {
        guard let content else { return "" }
        return "<\(name)>\(content)</\(name)>"
    }

    public static func text(_ name: String, _ value: String?) -> String {
        element(name, value.map(escape))
    }

    public static func bool(_ name: String, _ value: Bool?) -> String {
        text(name, value.map { $0 ? "true" : "false" })
    }

    public static func number(_ name: String, _ value: (some BinaryInteger)?) -> String {
        text(name, value.map { "\($0)" })
    }

    public static func document(_ root: String, namespace: String, _ content: String) -> String {
        #"<?xml version="1.0" encoding="UTF-8"?>"# + "<\(root) xmlns=\"\(namespace)\">\(content)</\(root)>"
    }
}
