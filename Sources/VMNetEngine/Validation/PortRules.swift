import VMNetCore
/// Rules on an interface's `ports`: number, protocol, IANA service names, and no repeats.
///
/// KubeVirt checks ports only on the pod network and admits anything elsewhere; vmnet checks them everywhere but
/// off the pod network says so as warnings, so every manifest KubeVirt admits is admitted here too.
struct PortRules: ValidationRule {
    func check(_ context: ValidationContext) -> [Diagnostic] {
        context.interfaces.flatMap { _, interface, path -> [Diagnostic] in
            let found = check(interface.ports ?? [], at: path.appending("ports")) + rangeDiagnostics(interface, at: path)
            let backend = context.vm.network(named: interface.name)?.network.source?.backend
            let onPodNetwork = backend.flatMap { context.drivers.backends[$0]?.manifest.capabilities.providesDefaultNetwork } ?? true
            guard !onPodNetwork else { return found }
            return found.map { diagnostic in
                var relaxed = diagnostic
                if relaxed.severity == .error {
                    relaxed.severity = .warning
                    relaxed.message += " (KubeVirt checks ports on the pod network only; the binding gets them as written)"
                }
                return relaxed
            }
        }
    }

    /// `portRanges` is KubeVirt's alpha field behind the `PortRangesSpec` feature gate, which is off unless a
    /// cluster turns it on; vmnet has no feature gates, so it answers as KubeVirt's default cluster does.
    private func rangeDiagnostics(_ interface: Interface, at path: FieldPath) -> [Diagnostic] {
        guard let ranges = interface.portRanges, !ranges.isEmpty else { return [] }
        return [
            CoreRule.portRangesNotEnabled.error(
                at: path.appending("portRanges"),
                "portRanges is specified on interface but the PortRangesSpec feature gate is not enabled "
                    + "(vmnet has no feature gates: list the ports under ports)")
        ]
    }

    private func check(_ ports: [Port], at path: FieldPath) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var names: [String: Int] = [:]
        var numbers: [String: Int] = [:]
        for (index, port) in ports.enumerated() {
            let portPath = path.appending(index)
            if let name = port.name, !name.isEmpty {
                if !Self.isServiceName(name) {
                    diagnostics.append(
                        CoreRule.portNameInvalid.error(
                            at: portPath.appending("name"),
                            "Invalid name of the port: \(name) (an IANA service name: at most 15 characters of "
                                + "a-z, 0-9 and '-', with a letter, no '--', not starting or ending with '-')"))
                }
                if let first = names[name] {
                    diagnostics.append(
                        CoreRule.portNameDuplicate.error(
                            at: portPath.appending("name"),
                            "Duplicate name of the port: \(name) (also \(path.appending(first)))"))
                } else {
                    names[name] = index
                }
            }
            let protocolIsValid = port.protocol == nil || ["", "TCP", "UDP"].contains(port.protocol!)
            if !protocolIsValid {
                diagnostics.append(
                    CoreRule.portProtocolUnknown.error(
                        at: portPath.appending("protocol"),
                        "Unknown protocol, only TCP or UDP allowed (got \(port.protocol!); the names are upper-case)"))
            }
            guard let number = port.port, number != 0 else {
                diagnostics.append(CoreRule.portRequired.error(at: portPath.appending("port"), "Port field is mandatory."))
                continue
            }
            guard (1...65535).contains(number) else {
                diagnostics.append(
                    CoreRule.portOutOfRange.error(
                        at: portPath.appending("port"), "Port field must be in range 0 < x < 65536 (got \(number))."))
                continue
            }
            // KubeVirt admits repeated ports (it compares the protocol as written, so `80` and `80/TCP` are two
            // entries to it); the NAT forwards each port once, so a repeat only says the same thing twice.
            let key = "\(number)/\(port.protocol.flatMap { $0.isEmpty ? nil : $0 } ?? "TCP")"
            if let first = numbers[key], protocolIsValid {
                diagnostics.append(
                    CoreRule.portDuplicate.warning(
                        at: portPath.appending("port"),
                        "port \(key) is listed twice (also \(path.appending(first))); it is forwarded once"))
            } else {
                numbers[key] = index
            }
        }
        return diagnostics
    }

    /// Kubernetes' `IsValidPortName`: an IANA_SVC_NAME.
    static func isServiceName(_ name: String) -> Bool {
        name.count <= 15
            && name.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && name.contains { ("a"..."z").contains($0) }
            && !name.contains("--") && name.first != "-" && name.last != "-"
    }
}
