import VMNetCore

/// An SR-IOV virtual function: the `virtfnN` of a physical function, passed through to a guest when on vfio-pci.
public struct VirtualFunction: Sendable, Hashable {
    /// N in the physical function's `virtfnN` link.
    public var index: Int
    /// The VF as a PCI device.
    public var device: PCIDevice
    /// The address of its physical function (its `physfn` link).
    public var physicalFunction: PCIAddress

    /// Creates a virtual function.
    public init(index: Int, device: PCIDevice, physicalFunction: PCIAddress) {
        self.index = index
        self.device = device
        self.physicalFunction = physicalFunction
    }

    /// The VF's address on the host.
    public var address: PCIAddress { device.address }
    /// The kernel driver bound to the VF, `nil` when unbound.
    public var driver: String? { device.driver }

    /// Whether the VF is free for a guest: bound to vfio-pci. One bound to another driver (iavf, ixgbevf, mlx5_core)
    /// is in use by the host as a network interface; an unbound one must be bound to vfio-pci first. Whether a
    /// running guest already holds a free VF is not visible in sysfs: the device plugin's allocation says that.
    public var isFree: Bool { device.isBoundToVFIO }
}

extension VirtualFunction: Encodable {
    private enum CodingKeys: String, CodingKey {
        case index, address, physicalFunction, free, device
    }

    /// Encodes the VF with whether it is free.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encode(address, forKey: .address)
        try container.encode(physicalFunction, forKey: .physicalFunction)
        try container.encode(isFree, forKey: .free)
        try container.encode(device, forKey: .device)
    }
}
