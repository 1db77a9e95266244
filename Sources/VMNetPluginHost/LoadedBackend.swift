import VMNetCore

/// A backend plugin loaded from a `.so`: each requirement is a JSON call through its descriptor, so the rest of
/// vmnet sees only the `Backend` protocol.
public final class LoadedBackend: Backend {
    /// The manifest the plugin described at load time.
    public let manifest: BackendManifest
    /// The file it was loaded from.
    public let file: String
    private let channel: PluginChannel

    init(manifest: BackendManifest, file: String, channel: PluginChannel) {
        self.manifest = manifest
        self.file = file
        self.channel = channel
    }

    /// Asks the plugin; a plugin that cannot answer gives one `plugin-failed` error on each of its networks.
    public func validate(_ request: BackendValidationRequest) -> [Diagnostic] {
        do {
            return try channel.call(.validate, request, as: PluginDiagnostics.self).diagnostics
        } catch {
            return request.networkIndexes.map {
                .error("plugin-failed", at: request.vm.networkPath($0), "the \(channel.label) could not check this network: \(error.text(subject: "it"))")
            }
        }
    }

    public func plan(_ request: BackendPlanRequest) throws(PlanError) -> BackendPlan {
        try channel.planningCall(.plan, request)
    }
}
