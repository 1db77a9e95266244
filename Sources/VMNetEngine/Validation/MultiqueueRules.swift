import VMNetCore
/// Rules on multi-queue virtio: a sane vCPU topology, and a warning when no NIC can use the queues.
struct MultiqueueRules: ValidationRule {
    func check(_ context: ValidationContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let vm = context.vm
        let cpuPath = vm.specPath.appending("domain").appending("cpu")
        for (key, value) in [("cores", vm.cpu?.cores), ("sockets", vm.cpu?.sockets), ("threads", vm.cpu?.threads)] {
            if let value, value < 1 {
                diagnostics.append(
                    CoreRule.cpuTopologyInvalid.error(at: cpuPath.appending(key), "\(key) must be at least 1 (got \(value))"))
            }
        }
        if vm.networkInterfaceMultiqueue == true {
            let virtio = context.interfaces.contains { _, interface, _ in
                interface.effectiveModel == "virtio"
                    && (interface.binding.flatMap { context.drivers.bindings[$0.name] }?.manifest.capabilities.usesModel ?? true)
            }
            if !virtio {
                diagnostics.append(
                    CoreRule.multiqueueWithoutVirtio.warning(
                        at: vm.devicesPath.appending("networkInterfaceMultiqueue"),
                        "virtio-net multiqueue request, but there are no virtio interfaces defined: it has no effect"))
            }
        }
        return diagnostics
    }
}
