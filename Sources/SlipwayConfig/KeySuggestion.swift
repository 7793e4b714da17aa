/// Finds the allowed word that a mistyped one most likely meant, for "did you mean" advice.
enum KeySuggestion {
    static func closest(to typed: String, among candidates: [String]) -> String? {
        let word = typed.lowercased()
        let scored = candidates.map { (candidate: $0, distance: editDistance(word, $0.lowercased())) }
        if let best = scored.filter({ $0.distance <= 2 }).min(by: { $0.distance < $1.distance }) {
            return best.candidate
        }
        return candidates.first { candidate in
            let lowered = candidate.lowercased()
            return min(word.count, lowered.count) >= 3 && (lowered.hasPrefix(word) || word.hasPrefix(lowered))
        }
    }

    /// Levenshtein distance: insertions, deletions and substitutions of characters.
    static func editDistance(_ first: String, _ second: String) -> Int {
        let first = Array(first)
        let second = Array(second)
        guard !first.isEmpty else { return second.count }
        guard !second.isEmpty else { return first.count }
        var previous = Array(0...second.count)
        for (i, a) in first.enumerated() {
            var current = [i + 1]
            for (j, b) in second.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a == b ? 0 : 1)))
            }
            previous = current
        }
        return previous[second.count]
    }
}
