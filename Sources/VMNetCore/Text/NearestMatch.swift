/// Finds the candidate closest to a misspelt word, for "did you mean …?" hints.
package enum NearestMatch {
    /// The candidate with the smallest edit distance to `word`, if it is close enough to be a plausible typo
    /// (at most one edit per two letters, and at least one); case differences count as half an edit.
    package static func find(_ word: String, in candidates: some Sequence<String>) -> String? {
        let limit = max(2, word.count)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let distance = weightedDistance(word, candidate)
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// Damerau–Levenshtein distance in half-edits: a substitution that only changes case costs 1, any other edit
    /// (insertion, deletion, substitution, swapping two neighbours) 2.
    static func weightedDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count * 2 }
        if b.isEmpty { return a.count * 2 }
        var beforePrevious: [Int] = []
        var previous = Array(stride(from: 0, through: b.count * 2, by: 2))
        for i in 1...a.count {
            var current = [i * 2] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution: Int
                if a[i - 1] == b[j - 1] {
                    substitution = 0
                } else if a[i - 1].lowercased() == b[j - 1].lowercased() {
                    substitution = 1
                } else {
                    substitution = 2
                }
                current[j] = min(previous[j] + 2, current[j - 1] + 2, previous[j - 1] + substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 2)
                }
            }
            beforePrevious = previous
            previous = current
        }
        return previous[b.count]
    }
}
