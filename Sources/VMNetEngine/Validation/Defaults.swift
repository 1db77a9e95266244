import VMNetCore
/// The defaults of the spec: a VM that lists neither interfaces nor networks gets one interface on the pod network
/// with the cluster's default binding, unless `autoattachPodInterface` is false.
struct Defaults: Sendable {
    /// The name of the network and interface added by default.
    static let name = "default"

    var drivers: DriverSet

    func apply(to vm: VirtualMachine, config: ClusterConfig, diagnostics: inout [Diagnostic]) -> VirtualMachine {
        let listsNothing = (vm.interfaces ?? []).isEmpty && (vm.networks ?? []).isEmpty
        if vm.autoattachPodInterface == false {
            if !listsNothing {
                diagnostics.append(
                    CoreRule.autoattachIgnored.warning(
                        at: vm.devicesPath.appending("autoattachPodInterface"),
                        "autoattachPodInterface: false has no effect when interfaces or networks are listed"))
            }
            return vm
        }
        guard listsNothing, let backend = drivers.defaultNetworkBackend?.manifest.name else { return vm }
        let bindingName = config.defaultBinding
        guard let binding = drivers.bindings[bindingName] else { return vm }
        for gate in binding.manifest.capabilities.configGates
        where gate.applies(to: backend) && config.flag(gate.key, default: gate.defaultValue) == false {
            diagnostics.append(
                CoreRule.defaultBindingNotPermitted.error(
                    at: vm.devicesPath,
                    "\(bindingName) interface is not enabled in kubevirt-config (\(gate.key) is \"false\"); "
                        + "set defaultNetworkInterface to another binding or list the VM's interfaces"))
            return vm
        }
        var defaulted = vm
        defaulted.networks = [Network(name: Self.name, sources: [NetworkSource(backend: backend)])]
        defaulted.interfaces = [Interface(name: Self.name, bindings: [BindingMethod(name: bindingName)])]
        return defaulted
    }
}
