/// Joins words the way error messages read them: "a, b or c".
enum EnglishList {
    static func or(_ items: [String]) -> String { join(items, conjunction: "or") }
    static func and(_ items: [String]) -> String { join(items, conjunction: "and") }

    private static func join(_ items: [String], conjunction: String) -> String {
        guard let last = items.last else { return "" }
        guard items.count > 1 else { return last }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }
}
