import VMNetCore
/// Hands each backend the networks that use it and each binding the interfaces that use it, for the checks only
/// the driver knows.
struct DriverRules: ValidationRule {
    func check(_ context: ValidationContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var byBackend: [String: [Int]] = [:]
        for (index, network, _) in context.networks {
            if let backend = network.source?.backend { byBackend[backend, default: []].append(index) }
        }
        for (name, indexes) in byBackend.sorted(by: { $0.value[0] < $1.value[0] }) {
            guard let backend = context.drivers.backends[name] else { continue }
            diagnostics += backend.validate(
                BackendValidationRequest(
                    vm: context.vm, networkIndexes: indexes, config: context.config, attachments: context.attachments,
                    defaultNetworkBackends: context.drivers.defaultNetworkBackends))
        }
        for (index, interface, _) in context.interfaces {
            guard let method = interface.binding, let binding = context.drivers.bindings[method.name] else { continue }
            diagnostics += binding.validate(
                BindingValidationRequest(vm: context.vm, interfaceIndex: index, config: context.config))
        }
        return diagnostics
    }
}
