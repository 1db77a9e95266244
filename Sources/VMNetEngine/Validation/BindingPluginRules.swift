import VMNetCore

/// Rules on how an interface names its binding driver: `binding: {name}` against the cluster's registry
/// (`network.binding`), and `passtBinding: {}` on the pod network only.
///
/// A cluster config without a registry permits every loaded binding driver under `binding: {name}`, built-in
/// or a third party's, as vmnet did before it read registries; with one, only the registered names.
struct BindingPluginRules: ValidationRule {
    func check(_ context: ValidationContext) -> [Diagnostic] {
        context.interfaces.flatMap { _, interface, path -> [Diagnostic] in
            guard let method = interface.binding else { return [] }
            switch method.spelling ?? .key {
            case .plugin: return registryDiagnostics(method, at: path.appending("binding").appending("name"), config: context.config)
            case .passtBinding: return passtDiagnostics(interface, at: path.appending("name"), context: context)
            case .key: return []
            }
        }
    }

    private func registryDiagnostics(_ method: BindingMethod, at path: FieldPath, config: ClusterConfig) -> [Diagnostic] {
        guard let registry = config.bindingPlugins, registry[method.name] == nil else { return [] }
        let registered = registry.keys.sorted()
        let hint = NearestMatch.find(method.name, in: registered).map { " (did you mean '\($0)'?)" } ?? ""
        return [
            CoreRule.bindingPluginUnregistered.error(
                at: path,
                "unable to find the network binding plugin '\(method.name)' in Kubevirt configuration\(hint); "
                    + "registered in \(ClusterConfig.bindingPluginsKey): \(registered.isEmpty ? "none" : registered.joined(separator: ", "))")
        ]
    }

    /// KubeVirt's own rule for its core passt binding, kept whatever the passt plugin declares.
    private func passtDiagnostics(_ interface: Interface, at path: FieldPath, context: ValidationContext) -> [Diagnostic] {
        guard let backend = context.vm.network(named: interface.name)?.network.source?.backend,
            let manifest = context.drivers.backends[backend]?.manifest, !manifest.capabilities.providesDefaultNetwork
        else { return [] }
        let declared = context.drivers.bindings[BindingMethod.passtDriverName]?.manifest.capabilities.backends
        // The plugin's own declaration already refuses it (CapabilityRules), in the same words.
        if let declared, !declared.contains(backend) { return [] }
        return [CoreRule.bindingNetworkUnsupported.error(at: path, "PasstBinding interface only implemented with pod network")]
    }
}
