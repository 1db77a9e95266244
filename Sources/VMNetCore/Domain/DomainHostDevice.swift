/// An SR-IOV virtual function passed through to the guest: libvirt's `<hostdev mode='subsystem' type='pci'>`.
///
/// The plan binds the VF to vfio-pci itself, so libvirt is told not to manage it (`managed='no'`).
public struct DomainHostDevice: Codable, Sendable, Hashable {
    /// The VM interface's name; libvirt knows the device by the user alias `ua-sriov-<name>`.
    public var name: String
    /// The VF's address on the host.
    public var sourceAddress: PCIAddress
    /// The boot order among the VM's bootable devices, from 1; `nil` means the VF does not boot.
    public var bootOrder: Int?
    /// The guest PCI address; `nil` lets libvirt place the device.
    public var guestAddress: PCIAddress?

    /// Creates a host device.
    public init(name: String, sourceAddress: PCIAddress, bootOrder: Int? = nil, guestAddress: PCIAddress? = nil) {
        self.name = name
        self.sourceAddress = sourceAddress
        self.bootOrder = bootOrder
        self.guestAddress = guestAddress
    }

    /// The user alias libvirt keeps for the device: `ua-sriov-<name>`, KubeVirt's SR-IOV prefix.
    public var alias: String { "ua-sriov-" + name }
}
