import VMNetCore

/// KubeVirt's rules on an interface's `state` (`up`, `down`, `absent`), with the bindings' declared states in
/// place of KubeVirt's fixed list: SR-IOV takes no state, only bridge may be absent, never on the primary network.
struct StateRules: ValidationRule {
    func check(_ context: ValidationContext) -> [Diagnostic] {
        let written = context.interfaces.filter { !($0.interface.state ?? "").isEmpty }
        guard !written.isEmpty else { return [] }
        let primary = primaryNetworks(context)
        return written.flatMap { _, interface, path -> [Diagnostic] in
            check(interface, at: path.appending("state"), context: context, primary: primary)
        }
    }

    private func check(
        _ interface: Interface, at path: FieldPath, context: ValidationContext, primary: Set<String>
    ) -> [Diagnostic] {
        let written = interface.state ?? ""
        guard let state = interface.effectiveState else {
            return [
                CoreRule.interfaceStateInvalid.error(
                    at: path, "logical \(interface.name) interface state value is unsupported: \(written) (use up, down or absent)")
            ]
        }
        var diagnostics: [Diagnostic] = []
        if state == .absent, primary.contains(interface.name) {
            diagnostics.append(
                CoreRule.interfaceStateUnsupported.error(
                    at: path, "\"\(interface.name)\" interface's state \"absent\" is not supported on default networks"))
        }
        guard let method = interface.binding, let binding = context.drivers.bindings[method.name] else { return diagnostics }
        let honoured = binding.manifest.capabilities.honouredStates
        guard !honoured.contains(state) else { return diagnostics }
        if state == .absent {
            let absentable = context.drivers.bindingNames.filter {
                context.drivers.bindings[$0]!.manifest.capabilities.honouredStates.contains(.absent)
            }
            diagnostics.append(
                CoreRule.interfaceStateUnsupported.error(
                    at: path,
                    "\"\(interface.name)\" interface's state \"absent\" is supported only for "
                        + "\(absentable.isEmpty ? "no" : absentable.joined(separator: " or ")) binding"))
        } else if honoured.isEmpty {
            diagnostics.append(
                CoreRule.interfaceStateUnsupported.error(
                    at: path,
                    "\"\(interface.name)\" interface's state \"\(written)\" is not supported for \(binding.manifest.displayName) NICs"))
        } else {
            diagnostics.append(
                CoreRule.interfaceStateIgnored.warning(
                    at: path,
                    "state \(written) has no effect on a \(method.name) interface: the guest's link stays up"))
        }
        return diagnostics
    }

    /// The networks that are the pod's primary one, as the backends assign them; none when they cannot plan.
    private func primaryNetworks(_ context: ValidationContext) -> Set<String> {
        let planner = Planner(drivers: context.drivers)
        let offNode = Planner.Options(cniConfigDirectory: nil)
        guard let assignments = try? planner.assignPodInterfaces(
            context.vm, config: context.config, attachments: context.attachments, options: offNode)
        else { return [] }
        return Set(assignments.values.filter(\.isPrimary).map(\.network))
    }
}
