/// An entry of `spec.domain.devices.interfaces`: the NIC as the guest sees it and how it binds to its network.
public struct Interface: Codable, Sendable, Equatable {
    /// The interface's name, equal to its network's name.
    public var name: String
    /// Every binding key the entry spelled (`bridge`, `masquerade`, …). Exactly one is valid.
    public var bindings: [BindingMethod]
    /// The NIC model; `nil` means `virtio`.
    public var model: String?
    /// The MAC address the guest sees, as written (`de:ad:00:00:be:af` or `DE-AD-00-00-BE-AF`).
    public var macAddress: String?
    /// Ports to forward to the guest (bindings that forward ports only).
    public var ports: [Port]?
    /// Port ranges to forward, KubeVirt's alpha `portRanges` (refused while its feature gate is off, as in KubeVirt).
    public var portRanges: [PortRange]?
    /// The guest PCI address, `DDDD:BB:SS.F`.
    public var pciAddress: String?
    /// The boot order among the VM's bootable devices, from 1.
    public var bootOrder: Int?
    /// DHCP options served to the guest: boot file, TFTP server name, NTP servers and private options.
    public var dhcpOptions: DHCPOptions?
    /// `state` as written: `up`, `down` or `absent`; `nil` (or empty) means up. Validation refuses other values.
    public var state: String?
    /// The ACPI index the guest names the NIC by (`acpiIndex`).
    public var acpiIndex: Int?
    /// The device role tag KubeVirt writes into cloud-init metadata (`tag`); kept, not acted on.
    public var tag: String?

    /// Creates an interface.
    public init(
        name: String, bindings: [BindingMethod], model: String? = nil, macAddress: String? = nil,
        ports: [Port]? = nil, pciAddress: String? = nil, bootOrder: Int? = nil, dhcpOptions: DHCPOptions? = nil,
        state: String? = nil, acpiIndex: Int? = nil, tag: String? = nil, portRanges: [PortRange]? = nil
    ) {
        self.name = name
        self.bindings = bindings
        self.model = model
        self.macAddress = macAddress
        self.ports = ports
        self.pciAddress = pciAddress
        self.bootOrder = bootOrder
        self.dhcpOptions = dhcpOptions
        self.state = state
        self.acpiIndex = acpiIndex
        self.tag = tag
        self.portRanges = portRanges
    }

    /// The binding, when exactly one was given.
    public var binding: BindingMethod? {
        bindings.count == 1 ? bindings[0] : nil
    }

    /// The model in effect: the one written, or `virtio`.
    public var effectiveModel: String { model ?? "virtio" }

    /// The state in effect: the one written, or up; `nil` when the written value is not a state.
    public var effectiveState: InterfaceState? {
        guard let state, !state.isEmpty else { return .up }
        return InterfaceState(rawValue: state)
    }

    /// Whether the interface is taken out of the VM (`state: absent`): neither wired in the pod nor in the domain.
    public var isAbsent: Bool { effectiveState == .absent }
}

/// An interface's `state`, as KubeVirt defines it.
public enum InterfaceState: String, Codable, Sendable, Hashable, CaseIterable {
    /// The guest's link is up: the default.
    case up
    /// The NIC is there, its link down (libvirt `<link state='down'/>`).
    case down
    /// The interface is left out: nothing in the pod, no device in the domain.
    case absent
}

/// How an interface binds to its network, e.g. `masquerade: {}`, `binding: {name: passt}` or `passtBinding: {}`.
public struct BindingMethod: Codable, Sendable, Equatable {
    /// How the manifest selected the binding driver.
    package enum Spelling: String, Codable, Sendable, Hashable {
        /// The driver's name as the interface's key: `masquerade: {}`, or a third party's `macvtap: {}`.
        case key
        /// KubeVirt's network binding plugin reference, `binding: {name: NAME}`.
        case plugin
        /// KubeVirt's core passt binding, `passtBinding: {}`, served by the driver named `passt`.
        case passtBinding
    }

    /// The key of KubeVirt's core passt binding.
    package static let passtBindingKey = "passtBinding"
    /// The binding driver that serves `passtBinding: {}`.
    package static let passtDriverName = "passt"

    /// The binding driver's name.
    public var name: String
    /// The binding's options as written (the built-in bindings take none).
    public var options: [String: OptionValue]
    /// How the manifest spelt it; `nil` means as the interface's key.
    package var spelling: Spelling?

    /// Creates a binding method.
    public init(name: String, options: [String: OptionValue] = [:]) {
        self.name = name
        self.options = options
    }

    /// Creates a binding method the manifest spelt as `spelling`.
    package init(name: String, spelling: Spelling) {
        self.init(name: name)
        self.spelling = spelling
    }

    /// The key the manifest wrote: the driver's name, `binding` or `passtBinding`.
    public var manifestKey: String {
        switch spelling ?? .key {
        case .key: name
        case .plugin: "binding"
        case .passtBinding: Self.passtBindingKey
        }
    }
}
