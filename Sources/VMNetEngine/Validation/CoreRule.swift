import VMNetCore
/// The rules the core itself checks, with stable ids. Drivers add their own ids; `docs/troubleshooting.md` lists all.
public enum CoreRule: String, CaseIterable, Sendable {
    // Reading.
    case fileUnreadable = "file-unreadable"
    case syntaxError = "syntax-error"
    // Decoding.
    case unknownField = "unknown-field"
    case invalidType = "invalid-type"
    case duplicateKey = "duplicate-key"
    case nameRequired = "name-required"
    case dhcpOptionConflict = "dhcp-option-conflict"
    case documentIgnored = "document-ignored"
    case emptyManifest = "empty-manifest"
    case attachmentConfigInvalid = "attachment-config-invalid"
    // Cluster config and defaults.
    case configValueInvalid = "config-value-invalid"
    case defaultBindingNotPermitted = "default-binding-not-permitted"
    case autoattachIgnored = "autoattach-ignored"
    // Networks.
    case networksTooMany = "networks-too-many"
    case networkNameDuplicate = "network-name-duplicate"
    case networkSourceMissing = "network-source-missing"
    case networkSourceMultiple = "network-source-multiple"
    case networkWithoutInterface = "network-without-interface"
    case backendUnknown = "backend-unknown"
    case backendConflict = "backend-conflict"
    // Interfaces.
    case interfacesTooMany = "interfaces-too-many"
    case interfaceNameDuplicate = "interface-name-duplicate"
    case interfaceNameInvalid = "interface-name-invalid"
    case interfaceWithoutNetwork = "interface-without-network"
    case interfaceBindingCount = "interface-binding-count"
    case bindingUnknown = "binding-unknown"
    case bindingNetworkUnsupported = "binding-network-unsupported"
    case bindingNotPermitted = "binding-not-permitted"
    case bindingPluginUnregistered = "binding-plugin-unregistered"
    case modelUnsupported = "model-unsupported"
    case modelIgnored = "model-ignored"
    case macAddressMalformed = "mac-address-malformed"
    case macAddressTooLong = "mac-address-too-long"
    case macAddressMulticast = "mac-address-multicast"
    case macAddressReserved = "mac-address-reserved"
    case pciAddressMalformed = "pci-address-malformed"
    case bootOrderInvalid = "boot-order-invalid"
    case bootOrderDuplicate = "boot-order-duplicate"
    case dhcpOptionsIgnored = "dhcp-options-ignored"
    case ntpServerInvalid = "ntp-server-invalid"
    case dhcpPrivateOptionOutOfRange = "dhcp-private-option-out-of-range"
    case dhcpPrivateOptionDuplicate = "dhcp-private-option-duplicate"
    case interfaceStateInvalid = "interface-state-invalid"
    case interfaceStateUnsupported = "interface-state-unsupported"
    case interfaceStateIgnored = "interface-state-ignored"
    // Ports.
    case portRequired = "port-required"
    case portOutOfRange = "port-out-of-range"
    case portProtocolUnknown = "port-protocol-unknown"
    case portNameInvalid = "port-name-invalid"
    case portNameDuplicate = "port-name-duplicate"
    case portDuplicate = "port-duplicate"
    case portsIgnored = "ports-ignored"
    case portRangesNotEnabled = "port-ranges-not-enabled"
    // Multiqueue and CPU.
    case cpuTopologyInvalid = "cpu-topology-invalid"
    case multiqueueWithoutVirtio = "multiqueue-without-virtio"

    /// An error diagnostic for this rule.
    public func error(at path: FieldPath, _ message: String) -> Diagnostic {
        .error(rawValue, at: path, message)
    }

    /// A warning diagnostic for this rule.
    public func warning(at path: FieldPath, _ message: String) -> Diagnostic {
        .warning(rawValue, at: path, message)
    }
}
