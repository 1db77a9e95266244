import Testing

/// A manifest with one mistake in it, and the words a check must say about it.
struct Mistake: Sendable, CustomTestStringConvertible {
    /// The broken manifest, or the broken value the test puts in one.
    let text: String
    /// Part of the problem the check must report.
    let expected: String

    /// `base` with `old` replaced by `new`, reported with `expected`.
    init(_ base: String, replacing old: String, with new: String, expect expected: String) {
        precondition(base.contains(old), "the mistake must change the manifest: no '\(old)' in it")
        text = base.replacingOccurrences(of: old, with: new)
        self.expected = expected
    }

    /// `text` as it is, reported with `expected`.
    init(_ text: String, expect expected: String) {
        self.text = text
        self.expected = expected
    }

    var testDescription: String { expected }
}
