import VMNetCore
import VMNetEngine

/// Hands a plan's `custom` steps to the plugin that owns each, on the thread the transaction runs on (inside the
/// namespace, for the kernel host).
struct PluginSteps {
    let drivers: LazyDriverSet

    /// Makes `step` through its plugin.
    func apply(_ step: CustomStep) throws(StepError) {
        try call(step) { binding throws(PlanError) in try binding.apply(step) }
    }

    /// Undoes `step` through its plugin.
    func revert(_ step: CustomStep) throws(StepError) {
        try call(step) { binding throws(PlanError) in try binding.revert(step) }
    }

    /// Runs `body` with the binding that owns `step`; its refusal is the step's.
    private func call(_ step: CustomStep, _ body: (any Binding) throws(PlanError) -> Void) throws(StepError) {
        guard let binding = drivers.drivers.bindings[step.plugin] else { throw .pluginMissing(step.plugin) }
        do {
            try body(binding)
        } catch {
            throw .plugin(error)
        }
    }
}
