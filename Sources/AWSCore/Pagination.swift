/// Follows an operation's continuation token until AWS returns none.
public enum Pagination {
    /// Calls `fetch` with nil, then with each returned token, and concatenates the items.
    /// A repeated token stops the loop, so a misbehaving service cannot make it spin forever.
    public static func all<Item>(
        maxPages: Int = 1000,
        _ fetch: (_ token: String?) async throws -> (items: [Item], next: String?)
    ) async throws -> [Item] {
        var items: [Item] = []
        var token: String?
        var seen: Set<String> = []
        for _ in 0..<maxPages {
            let page = try await fetch(token)
            items += page.items
            guard let next = page.next, !next.isEmpty, seen.insert(next).inserted else { return items }
            token = next
        }
        return items
    }
}
