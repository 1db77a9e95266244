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
        do {
            return try channel.call(.plan, request)
        } catch {
            throw PlanError(error.text(subject: "the \(channel.label)"))
        }
    }

    public func apply(_ step: CustomStep) throws(PlanError) {
        do {
            _ = try channel.call(.apply, step, as: EmptyDocument.self)
        } catch {
            throw PlanError(error.text(subject: "the \(channel.label)"))
        }
    }

    public func revert(_ step: CustomStep) throws(PlanError) {
        do {
            _ = try channel.call(.revert, step, as: EmptyDocument.self)
        } catch {
            throw PlanError(error.text(subject: "the \(channel.label)"))
        }
    }
}
