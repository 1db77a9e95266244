import VMNetCore

/// A binding plugin loaded from a `.so`: each requirement is a JSON call through its descriptor, so the rest of
/// vmnet sees only the `Binding` protocol.
public final class LoadedBinding: Binding {
    /// The manifest the plugin described at load time.
    public let manifest: BindingManifest
    /// The file it was loaded from.
    public let file: String
    private let channel: PluginChannel

    init(manifest: BindingManifest, file: String, channel: PluginChannel) {
        self.manifest = manifest
        self.file = file
        self.channel = channel
    }

    /// Asks the plugin; a plugin that cannot answer gives one `plugin-failed` error on the interface.
    public func validate(_ request: BindingValidationRequest) -> [Diagnostic] {
        do {
            return try channel.call(.validate, request, as: PluginDiagnostics.self).diagnostics
        } catch {
            return [.error("plugin-failed", at: request.interfacePath, "the \(channel.label) could not check this interface: \(error.text(subject: "it"))")]
        }
    }

    public func plan(_ request: BindingPlanRequest) throws(PlanError) -> BindingPlan {
        try channel.planningCall(.plan, request)
    }

    public func apply(_ step: CustomStep) throws(PlanError) {
        _ = try channel.planningCall(.apply, step, as: EmptyDocument.self)
    }

    public func revert(_ step: CustomStep) throws(PlanError) {
        _ = try channel.planningCall(.revert, step, as: EmptyDocument.self)
    }
}
