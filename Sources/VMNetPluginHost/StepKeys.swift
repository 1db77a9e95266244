import FoundationEssentials
import VMNetCore

/// The kinds of a plan document's steps, read apart from the rest: a plan that does not decode because one step
/// is outside the executor's vocabulary is refused with that step's name, not a decoding error.
struct StepKeys: Decodable {
    /// Any JSON value, read and ignored.
    private struct Ignored: Decodable {
        init(from decoder: any Decoder) {}
    }

    private let steps: [[String: Ignored]]

    /// `step 2 'formatDisk'` for the first step of `document` whose kind is not in `StepLimits.vocabulary`, or `nil`.
    static func unknownStep(in document: Data) -> String? {
        guard let plan = try? JSONDecoder().decode(StepKeys.self, from: document) else { return nil }
        for (index, step) in plan.steps.enumerated() {
            let kinds = step.keys.sorted()
            if kinds.count != 1 || !StepLimits.vocabulary.contains(kinds[0]) {
                return "step \(index + 1) '\(kinds.joined(separator: "', '"))'"
            }
        }
        return nil
    }
}
