import Foundation
import Glibc

/// A sysfs tree in a temporary folder holding an Intel X710 port with four SR-IOV virtual functions — the first
/// three bound to vfio-pci, the last to iavf — with the entries libpci's sysfs method reads and the PF↔VF links.
/// (The same tree as VMNetSRIOVTests' `FakeSysfs.x710()`, which a test target cannot share.)
struct FakeSysfs {
    /// The tree's root, what `--sysfs-root` takes.
    let root: String

    /// The physical function.
    static let physicalFunction = "0000:81:00.0"
    /// Its virtual functions: 0–2 on vfio-pci, 3 on iavf.
    static let virtualFunctions = ["0000:81:02.0", "0000:81:02.1", "0000:81:02.2", "0000:81:02.3"]

    /// Runs `body` with a fresh tree and deletes it afterwards.
    static func withX710<T>(_ body: (FakeSysfs) throws -> T) throws -> T {
        var template = Array("/tmp/vmnet-cni-sysfs-\(getpid())-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw TestFailure("mkdtemp: \(String(cString: strerror(errno)))") }
        let sysfs = FakeSysfs(root: String(cString: made))
        defer { try? FileManager.default.removeItem(atPath: sysfs.root) }
        try sysfs.addDevice(physicalFunction, device: 0x1572, driver: "i40e")
        for (index, function) in virtualFunctions.enumerated() {
            try sysfs.addDevice(function, device: 0x154c, driver: index == 3 ? "iavf" : "vfio-pci")
        }
        let folder = sysfs.deviceFolder(physicalFunction)
        try sysfs.write("64\n", to: "\(folder)/sriov_totalvfs")
        try sysfs.write("\(virtualFunctions.count)\n", to: "\(folder)/sriov_numvfs")
        for (index, function) in virtualFunctions.enumerated() {
            try sysfs.link("\(folder)/virtfn\(index)", to: "../\(function)")
            try sysfs.link("\(sysfs.deviceFolder(function))/physfn", to: "../\(physicalFunction)")
        }
        return try body(sysfs)
    }

    private func deviceFolder(_ address: String) -> String {
        "\(root)/devices/pci0000:00/\(address)"
    }

    /// An Intel Ethernet device (8086:`device`, class 0x020000) bound to `driver`, listed under bus/pci/devices.
    private func addDevice(_ address: String, device: UInt16, driver: String) throws {
        let folder = deviceFolder(address)
        for path in [folder, "\(root)/bus/pci/devices", "\(root)/bus/pci/drivers/\(driver)"] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        try write("0x8086\n", to: "\(folder)/vendor")
        try write("0x\(String(device, radix: 16))\n", to: "\(folder)/device")
        try write("0x020000\n", to: "\(folder)/class")
        try write("0\n", to: "\(folder)/irq")
        try write(String(repeating: "0x0000000000000000 0x0000000000000000 0x0000000000000000\n", count: 13), to: "\(folder)/resource")
        // A type-0 config space: vendor and device ids, revision 2, class, and the ids again as subsystem.
        var config = [UInt8](repeating: 0, count: 64)
        config[0] = 0x86
        config[1] = 0x80
        config[2] = UInt8(device & 0xff)
        config[3] = UInt8(device >> 8)
        config[8] = 0x02
        config[0x0b] = 0x02
        config[0x2c...0x2f] = config[0...3]
        try Data(config).write(to: URL(fileURLWithPath: "\(folder)/config"))
        try link("\(folder)/driver", to: "../../../bus/pci/drivers/\(driver)")
        try link("\(root)/bus/pci/devices/\(address)", to: "../../../devices/pci0000:00/\(address)")
    }

    private func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    private func link(_ path: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: destination)
    }
}
