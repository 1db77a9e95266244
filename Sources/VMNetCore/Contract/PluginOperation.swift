/// The operations a plugin answers through its descriptor's `call` function, by their wire names.
package enum PluginOperation: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    /// Returns the plugin's kind and manifest: `{}` → `PluginManifest`.
    case describe
    /// Checks a VM's use of the plugin: `BindingValidationRequest` or `BackendValidationRequest` → `PluginDiagnostics`.
    case validate
    /// Plans: `BindingPlanRequest` → `BindingPlan`, or `BackendPlanRequest` → `BackendPlan`.
    case plan
    /// Performs one of a binding's custom steps in the pod namespace: `CustomStep` → `{}`.
    case apply
    /// Undoes one of a binding's custom steps in the pod namespace: `CustomStep` → `{}`.
    case revert

    /// The wire name. Interpolating it then needs no runtime reflection, whose conformance lookups scan every
    /// loaded image each time a plugin is loaded (a measurable share of `vmnet plugins list`).
    package var description: String { rawValue }
}
