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
    /// The guest PCI address, `DDDD:BB:SS.F`.
    public var pciAddress: String?
    /// The boot order among the VM's bootable devices, from 1.
    public var bootOrder: Int?
    /// DHCP options served to the guest: boot file and TFTP server name.
    public var dhcpOptions: DHCPOptions?

    /// Creates an interface.
    public init(
        name: String, bindings: [BindingMethod], model: String? = nil, macAddress: String? = nil,
        ports: [Port]? = nil, pciAddress: String? = nil, bootOrder: Int? = nil, dhcpOptions: DHCPOptions? = nil
    ) {
        self.name = name
        self.bindings = bindings
        self.model = model
        self.macAddress = macAddress
        self.ports = ports
        self.pciAddress = pciAddress
        self.bootOrder = bootOrder
        self.dhcpOptions = dhcpOptions
    }

    /// The binding, when exactly one was given.
    public var binding: BindingMethod? {
        bindings.count == 1 ? bindings[0] : nil
    }

    /// The model in effect: the one written, or `virtio`.
    public var effectiveModel: String { model ?? "virtio" }
}

/// How an interface binds to its network, e.g. `masquerade: {}`.
public struct BindingMethod: Codable, Sendable, Equatable {
    /// The binding driver's name: the key used in the manifest.
    public var name: String
    /// The binding's options as written (the built-in bindings take none).
    public var options: [String: OptionValue]

    /// Creates a binding method.
    public init(name: String, options: [String: OptionValue] = [:]) {
        self.name = name
        self.options = options
    }
}
