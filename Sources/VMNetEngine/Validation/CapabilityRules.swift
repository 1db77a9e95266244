import VMNetCore
/// Enforces what each binding declares in its manifest: the backends it works with, the cluster-config gates that
/// permit it, reserved MAC addresses, and warnings for fields it ignores.
struct CapabilityRules: ValidationRule {
    func check(_ context: ValidationContext) -> [Diagnostic] {
        context.interfaces.flatMap { _, interface, path -> [Diagnostic] in
            guard let method = interface.binding, let binding = context.drivers.bindings[method.name] else { return [] }
            let backend = context.vm.network(named: interface.name)?.network.source?.backend
            var manifest = binding.manifest
            // KubeVirt's messages name its core passt binding by its key.
            if method.spelling == .passtBinding { manifest.displayName = "PasstBinding" }
            return check(interface, path: path, binding: manifest, backend: backend, config: context.config)
        }
    }

    private func check(
        _ interface: Interface, path: FieldPath, binding: BindingManifest, backend: String?, config: ClusterConfig
    ) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let capabilities = binding.capabilities
        if let backend {
            if let allowed = capabilities.backends, !allowed.contains(backend) {
                diagnostics.append(
                    CoreRule.bindingNetworkUnsupported.error(
                        at: path.appending("name"),
                        "\(binding.displayName) interface only implemented with \(allowed.joined(separator: " or ")) network"))
            }
            for gate in capabilities.configGates
            where gate.applies(to: backend) && config.flag(gate.key, default: gate.defaultValue) == false {
                diagnostics.append(CoreRule.bindingNotPermitted.error(at: path.appending("name"), gate.message))
            }
        }
        if let mac = interface.macAddress, let address = try? MACAddress(parsing: mac) {
            for reserved in capabilities.reservedMACAddresses where (try? MACAddress(parsing: reserved.address)) == address {
                diagnostics.append(CoreRule.macAddressReserved.error(at: path.appending("macAddress"), reserved.message))
            }
        }
        if let ports = interface.ports, !ports.isEmpty, !capabilities.forwardsPorts {
            diagnostics.append(
                CoreRule.portsIgnored.warning(
                    at: path.appending("ports"),
                    "ports have no effect on a \(binding.name) interface: the \(binding.name) binding forwards no ports"))
        }
        if let options = interface.dhcpOptions, !capabilities.servesDHCP {
            let dhcp = path.appending("dhcpOptions")
            let given: [(String, Bool)] = [
                ("bootFileName", options.bootFileName != nil), ("tftpServerName", options.tftpServerName != nil),
                ("ntpServers", options.ntpServers != nil), ("privateOptions", options.privateOptions != nil),
            ]
            for (key, isGiven) in given where isGiven {
                diagnostics.append(
                    CoreRule.dhcpOptionsIgnored.warning(
                        at: dhcp.appending(key),
                        "\(key) has no effect on a \(binding.name) interface: the \(binding.name) binding serves no DHCP"))
            }
        }
        if interface.model != nil, !capabilities.usesModel {
            diagnostics.append(
                CoreRule.modelIgnored.warning(
                    at: path.appending("model"),
                    "model has no effect on a \(binding.name) interface: the guest sees the passed-through device"))
        }
        return diagnostics
    }
}
