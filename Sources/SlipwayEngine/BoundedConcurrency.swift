/// Runs async work over a collection with at most `width` tasks at a time.
enum BoundedConcurrency {
    static func map<Element: Sendable, Result: Sendable>(
        _ elements: [Element], width: Int, _ transform: @escaping @Sendable (Element) async throws -> Result
    ) async throws -> [Result] {
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var results: [Result?] = Array(repeating: nil, count: elements.count)
            var next = 0
            while next < min(width, elements.count) {
                let index = next
                group.addTask { (index, try await transform(elements[index])) }
                next += 1
            }
            while let (index, result) = try await group.next() {
                results[index] = result
                if next < elements.count {
                    let index = next
                    group.addTask { (index, try await transform(elements[index])) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }
}
