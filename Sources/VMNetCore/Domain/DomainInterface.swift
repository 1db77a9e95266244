/// A guest NIC attached to a tap device the plan creates: libvirt's `<interface type='ethernet'>`.
///
/// It carries what KubeVirt puts in the domain for tap-attached bindings (bridge, masquerade): the target device
/// libvirt must not manage, the model, MAC, MTU, boot order, link state, queues and guest PCI address.
public struct DomainInterface: Codable, Sendable, Hashable {
    /// The NIC models a VM spec may name.
    public enum Model: String, Codable, Sendable, Hashable, CaseIterable {
        /// Intel 82540EM.
        case e1000
        /// Intel 82574L.
        case e1000e
        /// Intel 82576 (KubeVirt v1.4; QEMU 8.0).
        case igb
        /// NE2000 PCI.
        case ne2kPCI = "ne2k_pci"
        /// AMD PCnet.
        case pcnet
        /// Realtek RTL8139.
        case rtl8139
        /// virtio-net.
        case virtio
    }

    /// Whether the guest sees the link up.
    public enum LinkState: String, Codable, Sendable, Hashable {
        /// The link is up: the default.
        case up
        /// The link is down (`state: down` in the VM spec).
        case down
    }

    /// The VM interface's name; libvirt knows the device by the user alias `ua-<name>`.
    public var name: String
    /// The host-side tap (or pod interface) the NIC attaches to.
    public var targetDevice: String
    /// The NIC model.
    public var model: Model
    /// The MAC address the guest sees, lower-case and colon-separated; `nil` lets libvirt pick one.
    public var macAddress: String?
    /// The MTU of the NIC; `nil` leaves QEMU's default.
    public var mtu: Int?
    /// The boot order among the VM's bootable devices, from 1; `nil` means the NIC does not boot.
    public var bootOrder: Int?
    /// The virtio queue count when multi-queue is on (1–256); `nil` means single queue. Ignored by other models.
    public var queues: Int?
    /// Whether the guest sees the link up.
    public var linkState: LinkState
    /// The ACPI index the guest names the NIC by (`acpiIndex`); `nil` when unset.
    public var acpiIndex: Int?
    /// The guest PCI address; `nil` lets libvirt place the NIC.
    public var pciAddress: PCIAddress?

    /// Creates an interface.
    public init(
        name: String, targetDevice: String, model: Model = .virtio, macAddress: String? = nil, mtu: Int? = nil,
        bootOrder: Int? = nil, queues: Int? = nil, linkState: LinkState = .up, acpiIndex: Int? = nil,
        pciAddress: PCIAddress? = nil
    ) {
        self.name = name
        self.targetDevice = targetDevice
        self.model = model
        self.macAddress = macAddress
        self.mtu = mtu
        self.bootOrder = bootOrder
        self.queues = queues
        self.linkState = linkState
        self.acpiIndex = acpiIndex
        self.pciAddress = pciAddress
    }

    /// Decodes an interface; a missing `model` means virtio and a missing `linkState` means up, as in a VM spec.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            targetDevice: try container.decode(String.self, forKey: .targetDevice),
            model: try container.decodeIfPresent(Model.self, forKey: .model) ?? .virtio,
            macAddress: try container.decodeIfPresent(String.self, forKey: .macAddress),
            mtu: try container.decodeIfPresent(Int.self, forKey: .mtu),
            bootOrder: try container.decodeIfPresent(Int.self, forKey: .bootOrder),
            queues: try container.decodeIfPresent(Int.self, forKey: .queues),
            linkState: try container.decodeIfPresent(LinkState.self, forKey: .linkState) ?? .up,
            acpiIndex: try container.decodeIfPresent(Int.self, forKey: .acpiIndex),
            pciAddress: try container.decodeIfPresent(PCIAddress.self, forKey: .pciAddress)
        )
    }

    /// The user alias libvirt keeps for the device: `ua-<name>`.
    public var alias: String { "ua-" + name }

    /// The virtio queue count in effect: `queues` for a virtio NIC, `nil` (single queue) for every other model.
    public var effectiveQueues: Int? { model == .virtio ? queues : nil }

    /// Whether the NIC's option ROM stays enabled: only for a NIC with a boot order.
    ///
    /// The ROM is what PXE-boots the NIC, and the firmware only network-boots a NIC that has a boot order, so
    /// KubeVirt disables it everywhere else (§5.1/§5.4) and vmnet does the same. A DHCP boot file alone does not
    /// keep it: without a boot order the firmware never asks for that file.
    public var romEnabled: Bool { bootOrder != nil }
}
