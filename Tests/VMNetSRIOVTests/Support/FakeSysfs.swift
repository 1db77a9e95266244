import Foundation
import Glibc

/// A sysfs tree in a temporary folder with the entries libpci's sysfs method and the kernel's SR-IOV links provide:
/// `bus/pci/devices/<address>` → `../../../devices/pci0000:00/<address>`, each device folder holding vendor, device,
/// class, irq, resource, a 64-byte config, numa_node and a `driver` link into `bus/pci/drivers`.
struct FakeSysfs {
    /// The tree's root, what `SRIOVInventory(sysfsRoot:)` and `--sysfs-root` take.
    let root: String

    /// An empty tree.
    init() throws {
        var template = Array("/tmp/vmnet-sriov-\(getpid())-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw FakeSysfsError("mkdtemp: \(String(cString: strerror(errno)))")
        }
        root = String(cString: made)
        for folder in ["bus/pci/devices", "bus/pci/drivers", "devices/pci0000:00"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true)
        }
    }

    /// Deletes the tree.
    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// The folder of the device at `address` (where its `bus/pci/devices` link points).
    func deviceFolder(_ address: String) -> String {
        "\(root)/devices/pci0000:00/\(address)"
    }

    /// Adds a device whose driver, when given, is bound through a `driver` link.
    func addDevice(
        _ address: String, vendor: UInt16, device: UInt16, classCode: UInt32, driver: String?, numaNode: Int? = nil
    ) throws {
        let folder = deviceFolder(address)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try write("0x\(hex(vendor, 4))\n", to: "\(folder)/vendor")
        try write("0x\(hex(device, 4))\n", to: "\(folder)/device")
        try write("0x\(hex(classCode, 6))\n", to: "\(folder)/class")
        try write("0\n", to: "\(folder)/irq")
        try write(
            String(repeating: "0x0000000000000000 0x0000000000000000 0x0000000000000000\n", count: 13),
            to: "\(folder)/resource")
        try Data(Self.config(vendor: vendor, device: device, classCode: classCode)).write(
            to: URL(fileURLWithPath: "\(folder)/config"))
        if let numaNode { try write("\(numaNode)\n", to: "\(folder)/numa_node") }
        if let driver { try bind(address, to: driver) }
        try link("\(root)/bus/pci/devices/\(address)", to: "../../../devices/pci0000:00/\(address)")
    }

    /// Binds the device at `address` to `driver`, replacing its `driver` link.
    func bind(_ address: String, to driver: String) throws {
        try FileManager.default.createDirectory(
            atPath: "\(root)/bus/pci/drivers/\(driver)", withIntermediateDirectories: true)
        let link = "\(deviceFolder(address))/driver"
        try? FileManager.default.removeItem(atPath: link)
        try self.link(link, to: "../../../bus/pci/drivers/\(driver)")
    }

    /// Makes `physicalFunction` a PF that can enable `totalVFs` and has enabled `virtualFunctions`, linked both ways:
    /// `virtfnN` → `../<VF>` and `physfn` → `../<PF>`.
    func enableSRIOV(physicalFunction: String, totalVFs: Int, virtualFunctions: [String]) throws {
        let folder = deviceFolder(physicalFunction)
        try write("\(totalVFs)\n", to: "\(folder)/sriov_totalvfs")
        try write("\(virtualFunctions.count)\n", to: "\(folder)/sriov_numvfs")
        for (index, function) in virtualFunctions.enumerated() {
            try link("\(folder)/virtfn\(index)", to: "../\(function)")
            try link("\(deviceFolder(function))/physfn", to: "../\(physicalFunction)")
        }
    }

    /// Writes `text` to the file at `path`, relative to the root.
    func write(_ text: String, at path: String) throws {
        try write(text, to: "\(root)/\(path)")
    }

    /// Replaces the symbolic link at `path`, relative to the root, with one to `destination`.
    func relink(_ path: String, to destination: String) throws {
        try FileManager.default.removeItem(atPath: "\(root)/\(path)")
        try link("\(root)/\(path)", to: destination)
    }

    private func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    private func link(_ path: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: destination)
    }

    private func hex(_ value: some BinaryInteger, _ width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The first 64 bytes of a type-0 config space: ids, class, the ids again as subsystem, no capabilities.
    private static func config(vendor: UInt16, device: UInt16, classCode: UInt32) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 64)
        func put16(_ value: UInt16, at offset: Int) {
            bytes[offset] = UInt8(value & 0xff)
            bytes[offset + 1] = UInt8(value >> 8)
        }
        put16(vendor, at: 0x00)
        put16(device, at: 0x02)
        bytes[0x08] = 0x02
        bytes[0x09] = UInt8(classCode & 0xff)
        bytes[0x0a] = UInt8((classCode >> 8) & 0xff)
        bytes[0x0b] = UInt8((classCode >> 16) & 0xff)
        put16(vendor, at: 0x2c)
        put16(device, at: 0x2e)
        return bytes
    }
}

extension FakeSysfs {
    /// The addresses of the X710-like tree.
    enum X710 {
        /// A host bridge with no SR-IOV.
        static let hostBridge = "0000:00:00.0"
        /// Port 0: the PF with four VFs.
        static let physicalFunction = "0000:81:00.0"
        /// Port 1: a PF with no VFs enabled.
        static let idlePhysicalFunction = "0000:81:00.1"
        /// Port 0's VFs: the first three on vfio-pci, the last on iavf.
        static let virtualFunctions = ["0000:81:02.0", "0000:81:02.1", "0000:81:02.2", "0000:81:02.3"]
    }

    /// A host bridge and an Intel X710 (8086:1572, i40e, NUMA node 1) whose port 0 has four VFs (8086:154c):
    /// three on vfio-pci and one on iavf; port 1 can have 64 VFs and has none enabled.
    static func x710() throws -> FakeSysfs {
        let sysfs = try FakeSysfs()
        do {
            try sysfs.addDevice(X710.hostBridge, vendor: 0x8086, device: 0x0d57, classCode: 0x060000, driver: nil)
            for port in [X710.physicalFunction, X710.idlePhysicalFunction] {
                try sysfs.addDevice(
                    port, vendor: 0x8086, device: 0x1572, classCode: 0x020000, driver: "i40e", numaNode: 1)
            }
            for (index, function) in X710.virtualFunctions.enumerated() {
                try sysfs.addDevice(
                    function, vendor: 0x8086, device: 0x154c, classCode: 0x020000,
                    driver: index == 3 ? "iavf" : "vfio-pci", numaNode: 1)
            }
            try sysfs.enableSRIOV(
                physicalFunction: X710.physicalFunction, totalVFs: 64, virtualFunctions: X710.virtualFunctions)
            try sysfs.enableSRIOV(physicalFunction: X710.idlePhysicalFunction, totalVFs: 64, virtualFunctions: [])
        } catch {
            sysfs.remove()
            throw error
        }
        return sysfs
    }
}

/// A failure to build the fake tree.
struct FakeSysfsError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
