/// A PCI device of the host passed through to the guest, e.g. an SR-IOV virtual function: libvirt's
/// `<hostdev mode='subsystem' type='pci'>`.
///
/// The plan binds the device to vfio-pci itself, so libvirt is told not to manage it (`managed='no'`).
public struct DomainHostDevice: Codable, Sendable, Hashable {
    /// The VM interface's name.
    public var name: String
    /// The user alias libvirt keeps for the device, `ua-` and a name (KubeVirt's SR-IOV binding: `ua-sriov-<name>`).
    public var alias: String
    /// The device's address on the host.
    public var sourceAddress: PCIAddress
    /// The boot order among the VM's bootable devices, from 1; `nil` means the device does not boot.
    public var bootOrder: Int?
    /// The guest PCI address; `nil` lets libvirt place the device.
    public var guestAddress: PCIAddress?

    /// Creates a host device; the alias defaults to `ua-<name>`.
    public init(
        name: String, alias: String? = nil, sourceAddress: PCIAddress, bootOrder: Int? = nil, guestAddress: PCIAddress? = nil
    ) {
        self.name = name
        self.alias = alias ?? "ua-" + name
        self.sourceAddress = sourceAddress
        self.bootOrder = bootOrder
        self.guestAddress = guestAddress
    }

    /// Decodes a host device; a document without `alias` gets `ua-<name>`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            alias: try container.decodeIfPresent(String.self, forKey: .alias),
            sourceAddress: try container.decode(PCIAddress.self, forKey: .sourceAddress),
            bootOrder: try container.decodeIfPresent(Int.self, forKey: .bootOrder),
            guestAddress: try container.decodeIfPresent(PCIAddress.self, forKey: .guestAddress))
    }
}
