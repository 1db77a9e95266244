import VMNetCore

/// The host's SR-IOV devices, read from a sysfs tree: PCI devices through libpci, the PF↔VF links from sysfs.
///
/// The root is injectable so tests (and `vmnet sriov list --sysfs-root`) can read a fake tree; libpci is pointed at
/// its `bus/pci` folder. Each call reads the tree afresh.
public struct SRIOVInventory: Sendable {
    /// The sysfs tree's root, `/sys` on a host.
    public var sysfsRoot: String

    /// Reads the tree at `sysfsRoot`.
    public init(sysfsRoot: String = "/sys") {
        self.sysfsRoot = sysfsRoot
    }

    /// Every PCI device libpci lists, in address order.
    public func devices() throws(SRIOVError) -> [PCIDevice] {
        try PCIAccess(sysfsRoot: sysfsRoot).devices()
    }

    /// The physical functions (devices with `sriov_totalvfs`) in address order, each with its enabled VFs: those
    /// its `virtfnN` links name, each checked to point back with its `physfn` link.
    public func physicalFunctions() throws(SRIOVError) -> [PhysicalFunction] {
        let devices = try devices()
        let byAddress = Dictionary(devices.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        var functions: [PhysicalFunction] = []
        for device in devices {
            let folder = SysfsDevice(root: sysfsRoot, address: device.address)
            guard let totalVFs = try folder.integer("sriov_totalvfs") else { continue }
            guard let numVFs = try folder.integer("sriov_numvfs") else {
                throw .unreadable(path: folder.path + "/sriov_numvfs", reason: "no such entry beside sriov_totalvfs")
            }
            var virtualFunctions: [VirtualFunction] = []
            for index in try folder.virtualFunctionIndexes() {
                virtualFunctions.append(
                    try virtualFunction(index, of: device.address, in: folder, devices: byAddress))
            }
            functions.append(
                PhysicalFunction(
                    device: device, totalVFs: totalVFs, numVFs: numVFs, virtualFunctions: virtualFunctions))
        }
        return functions
    }

    private func virtualFunction(
        _ index: Int, of physicalFunction: PCIAddress, in folder: SysfsDevice, devices: [PCIAddress: PCIDevice]
    ) throws(SRIOVError) -> VirtualFunction {
        let link = "\(folder.path)/virtfn\(index)"
        guard let address = try folder.linkedDevice("virtfn\(index)") else {
            throw .unreadable(path: link, reason: "the link vanished while it was read")
        }
        guard let device = devices[address] else { throw .missingDevice(address, listedBy: link) }
        let physfn = try SysfsDevice(root: sysfsRoot, address: address).linkedDevice("physfn")
        guard physfn == physicalFunction else {
            throw .inconsistentLink(virtualFunction: address, physicalFunction: physicalFunction, physfn: physfn)
        }
        return VirtualFunction(index: index, device: device, physicalFunction: physicalFunction)
    }
}
