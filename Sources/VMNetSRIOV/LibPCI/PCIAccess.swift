import CVMNetPCI
import FoundationEssentials
import VMNetCore

/// One libpci session over a sysfs tree (`struct pci_access`, sysfs method), released with `pci_cleanup`.
///
/// Every libpci call goes through CVMNetPCI's guarded wrappers, so a libpci error comes back as an `SRIOVError`
/// instead of libpci's default `exit(1)`. A session is used by one thread at a time.
final class PCIAccess {
    /// What libpci is asked to fill in for each device.
    private static let fields = PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_NUMA_NODE | PCI_FILL_DRIVER

    private let handle: UnsafeMutablePointer<pci_access>
    private let sysfsRoot: String

    /// Scans the PCI devices under `sysfsRoot` (`pci_init`, `pci_scan_bus` with `sysfs.path` = `<root>/bus/pci`).
    init(sysfsRoot: String) throws(SRIOVError) {
        guard let handle = vmnet_pci_alloc() else { throw .libpci("out of memory", sysfsRoot: sysfsRoot) }
        self.handle = handle
        self.sysfsRoot = sysfsRoot
        try guarded { vmnet_pci_scan(handle, sysfsRoot + "/bus/pci", $0, $1) }
    }

    deinit {
        vmnet_pci_cleanup(handle)
    }

    /// Every device found, filled in (`pci_fill_info`) and named (`pci_lookup_name`), in address order.
    ///
    /// Devices in a PCI domain above `ffff` (behind Intel VMD, for instance) are left out: their address cannot be
    /// written `DDDD:BB:SS.F`, the only form KubeVirt and the device plugin use.
    func devices() throws(SRIOVError) -> [PCIDevice] {
        var devices: [PCIDevice] = []
        var next = handle.pointee.devices
        while let device = next {
            if let described = try describe(device) { devices.append(described) }
            next = device.pointee.next
        }
        return devices.sorted { $0.address.description < $1.address.description }
    }

    private func describe(_ device: UnsafeMutablePointer<pci_dev>) throws(SRIOVError) -> PCIDevice? {
        let position = device.pointee
        guard let domain = UInt16(exactly: position.domain) else { return nil }
        guard position.`func` < 8 else {
            let name = "\(Hexadecimal.digits(domain, width: 4)):\(Hexadecimal.digits(position.bus, width: 2)):"
                + "\(Hexadecimal.digits(position.dev, width: 2)).\(position.`func`)"
            throw .malformedEntry(path: "\(sysfsRoot)/bus/pci/devices/\(name)", content: "PCI function above 7")
        }
        try guarded { vmnet_pci_fill(device, Self.fields, $0, $1) }
        let fields = device.pointee
        let driver = pci_get_string_property(device, UInt32(PCI_FILL_DRIVER)).map { String(cString: $0) }
        return PCIDevice(
            address: PCIAddress(domain: domain, bus: fields.bus, slot: fields.dev, function: fields.`func`),
            vendorID: fields.vendor_id, deviceID: fields.device_id, classCode: fields.device_class,
            vendorName: name(PCI_LOOKUP_VENDOR, fields.vendor_id),
            deviceName: name(PCI_LOOKUP_DEVICE, fields.vendor_id, fields.device_id),
            className: name(PCI_LOOKUP_CLASS, fields.device_class),
            driver: driver, numaNode: fields.numa_node >= 0 ? Int(fields.numa_node) : nil)
    }

    /// The PCI ID database's name for `first` (and `second`), `nil` when it has none.
    private func name(_ what: pci_lookup_mode, _ first: UInt16, _ second: UInt16 = 0) -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        return buffer.withUnsafeMutableBufferPointer {
            vmnet_pci_lookup_name(
                handle, $0.baseAddress, Int32($0.count), Int32(what.rawValue), UInt32(first), UInt32(second)
            ).map { String(cString: $0) }
        }
    }

    /// Runs a guarded libpci call, which writes its message into the buffer it is given when it fails.
    private func guarded(_ call: (UnsafeMutablePointer<CChar>, Int) -> Int32) throws(SRIOVError) {
        var message = [CChar](repeating: 0, count: 1024)
        let status = message.withUnsafeMutableBufferPointer { call($0.baseAddress!, $0.count) }
        guard status == 0 else {
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw .libpci(text.trimmingWhitespace(), sysfsRoot: sysfsRoot)
        }
    }
}
