import VMNetCore
import VMNetRuntime

/// `plans.step-vocabulary`: every step of every plan is one the executor knows (it decodes as a `HostStep`) or
/// a custom step of the plugin's own, and its values are ones the kernel takes.
enum StepVocabulary {
    /// The verdict over the steps of each successful plan: `(label, steps)` pairs, steps as answered.
    static func check(_ plans: [(label: String, steps: [JSONValue])], plugin: String) -> CheckResult {
        var problems: [String] = []
        var count = 0
        var custom = 0
        for (label, steps) in plans {
            for (index, raw) in steps.enumerated() {
                count += 1
                let place = "step \(index + 1) of \(label)"
                guard let step = try? raw.decode(HostStep.self) else {
                    let key = raw.keys.first ?? raw.brief
                    problems.append("\(place) is '\(key)', which is not in the executor's vocabulary (\(known)); "
                        + "plan a custom step of your own for anything else")
                    continue
                }
                if case .custom = step { custom += 1 }
                if let problem = problem(of: step, plugin: plugin) { problems.append("\(place): \(problem)") }
            }
        }
        return .verdict(
            .plansStepVocabulary, problems: problems,
            passed: "\(count) steps in \(plans.count) plans are in the executor's vocabulary"
                + (custom > 0 ? " (\(custom) custom steps of the plugin's own)" : ""))
    }

    /// The step kinds the executor performs, by their wire names.
    static var known: String { StepLimits.vocabulary.joined(separator: ", ") }

    /// Why the values of `step` cannot be made, or `nil`: the limits the planner holds every plan to.
    static func problem(of step: HostStep, plugin: String) -> String? {
        if case .custom(let custom) = step, custom.plugin != plugin {
            return "a custom step of plugin '\(custom.plugin)'; a plugin plans custom steps of its own only ('\(plugin)'), which vmnet hands back to it"
        }
        return StepLimits.problem(of: step)
    }
}
