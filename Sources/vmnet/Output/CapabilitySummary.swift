import VMNetCore

/// A plugin's declared capabilities in words: one line for `plugins list`, one entry per field for `plugins info`.
enum CapabilitySummary {
    /// E.g. `pod only; ports; DHCP; reserves 02:00:00:00:00:00`.
    static func text(of manifest: PluginManifest) -> String {
        var parts: [String] = []
        switch manifest {
        case .binding(let binding):
            let capabilities = binding.capabilities
            parts.append(capabilities.backends.map { "\($0.joined(separator: ", ")) only" } ?? "any backend")
            if capabilities.forwardsPorts { parts.append("ports") }
            if capabilities.servesDHCP { parts.append("DHCP") }
            if !capabilities.usesModel { parts.append("no NIC model") }
            parts += capabilities.configGates.map { "gate \($0.key)" }
            parts += capabilities.reservedMACAddresses.map { "reserves \($0.address)" }
            if capabilities.addressFamilies.contains(.ipv6) { parts.append("IPv6") }
            if let blocked = capabilities.migrationBlockedOn {
                parts.append(blocked.isEmpty ? "no migration" : "no migration on \(blocked.joined(separator: ", "))")
            }
        case .backend(let backend):
            let capabilities = backend.capabilities
            if capabilities.providesDefaultNetwork { parts.append("default network") }
            if !capabilities.conflictsWith.isEmpty {
                parts.append("conflicts with \(capabilities.conflictsWith.joined(separator: ", "))")
            }
        }
        return parts.isEmpty ? "-" : parts.joined(separator: "; ")
    }

    /// Every capability field with its value.
    static func details(of manifest: PluginManifest) -> [(String, String)] {
        switch manifest {
        case .binding(let binding):
            let capabilities = binding.capabilities
            return [
                ("backends", capabilities.backends?.joined(separator: ", ") ?? "any"),
                ("forwards ports", yes(capabilities.forwardsPorts)),
                ("serves DHCP", yes(capabilities.servesDHCP)),
                ("uses the NIC model", yes(capabilities.usesModel)),
                ("config gates", capabilities.configGates.isEmpty ? "none" : capabilities.configGates.map {
                    "\($0.key) (default \($0.defaultValue)\($0.backends.map { ", on \($0.joined(separator: ", "))" } ?? ""))"
                }.joined(separator: "; ")),
                ("reserved MAC addresses", capabilities.reservedMACAddresses.isEmpty
                    ? "none" : capabilities.reservedMACAddresses.map(\.address).joined(separator: ", ")),
                ("address families", capabilities.addressFamilies.isEmpty
                    ? "none (the device brings its own)" : capabilities.addressFamilies.map(\.rawValue).joined(separator: ", ")),
                ("live migration", capabilities.migrationBlockedOn.map {
                    $0.isEmpty ? "never" : "not on \($0.joined(separator: ", ")) networks"
                } ?? "yes"),
                ("interface states", capabilities.states.map {
                    $0.isEmpty ? "none (no state field)" : $0.map(\.rawValue).joined(separator: ", ")
                } ?? capabilities.honouredStates.map(\.rawValue).joined(separator: ", ")),
                ("host device", capabilities.hostDevice.map(Self.describe) ?? "none"),
                ("network options", capabilities.networkOptions.isEmpty ? "none" : capabilities.networkOptions.sorted { $0.key < $1.key }.map {
                    "\($0.key): " + $0.value.map(\.name).joined(separator: ", ")
                }.joined(separator: "; ")),
            ]
        case .backend(let backend):
            let capabilities = backend.capabilities
            return [
                ("provides the default network", yes(capabilities.providesDefaultNetwork)),
                ("conflicts with", capabilities.conflictsWith.isEmpty ? "none" : capabilities.conflictsWith.joined(separator: ", ")),
            ]
        }
    }

    private static func yes(_ flag: Bool) -> String { flag ? "yes" : "no" }

    private static func describe(_ request: HostDeviceRequest) -> String {
        switch request {
        case .attachmentResource: "a PCI device of its NetworkAttachmentDefinition's resource, per interface"
        }
    }
}
