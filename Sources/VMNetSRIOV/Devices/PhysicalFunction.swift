/// An SR-IOV physical function: a PCI device with `sriov_totalvfs`, and the virtual functions it has enabled.
public struct PhysicalFunction: Sendable, Hashable, Encodable {
    /// The PF as a PCI device.
    public var device: PCIDevice
    /// How many VFs the device can enable (`sriov_totalvfs`).
    public var totalVFs: Int
    /// How many VFs are enabled (`sriov_numvfs`).
    public var numVFs: Int
    /// The enabled VFs, by index.
    public var virtualFunctions: [VirtualFunction]

    /// Creates a physical function.
    public init(device: PCIDevice, totalVFs: Int, numVFs: Int, virtualFunctions: [VirtualFunction]) {
        self.device = device
        self.totalVFs = totalVFs
        self.numVFs = numVFs
        self.virtualFunctions = virtualFunctions
    }

    /// The VFs free for a guest.
    public var freeVirtualFunctions: [VirtualFunction] { virtualFunctions.filter(\.isFree) }
}
