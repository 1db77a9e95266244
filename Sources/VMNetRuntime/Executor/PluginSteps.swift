import VMNetCore
import VMNetEngine

/// Hands a plan's `custom` steps to the plugin that owns each, on the thread the transaction runs on (inside the
/// namespace, for the kernel host).
struct PluginSteps {
    let drivers: LazyDriverSet

    /// Makes `step` through its plugin.
    func apply(_ step: CustomStep) throws(StepError) {
        let binding = try binding(step.plugin)
        do {
            try binding.apply(step)
        } catch {
            throw .plugin(error)
        }
    }

    /// Undoes `step` through its plugin.
    func revert(_ step: CustomStep) throws(StepError) {
        let binding = try binding(step.plugin)
        do {
            try binding.revert(step)
        } catch {
            throw .plugin(error)
        }
    }

    private func binding(_ name: String) throws(StepError) -> any Binding {
        guard let binding = drivers.drivers.bindings[name] else { throw .pluginMissing(name) }
        return binding
    }
}
