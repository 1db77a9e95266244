import Foundation
import Testing
import VMNetCore
import VMNetSRIOV

@Suite("SRIOVInventory reads PCI devices through libpci and SR-IOV links from sysfs")
struct InventoryTests {
    typealias X710 = FakeSysfs.X710

    @Test("lists every device with its ids, class, pci.ids names, driver and NUMA node")
    func devices() throws {
        let sysfs = try FakeSysfs.x710()
        defer { sysfs.remove() }
        let devices = try SRIOVInventory(sysfsRoot: sysfs.root).devices()
        #expect(
            devices.map(\.address.description) == [X710.hostBridge, X710.physicalFunction, X710.idlePhysicalFunction]
                + X710.virtualFunctions)
        let port = try #require(devices.first { $0.address.description == X710.physicalFunction })
        #expect(port.ids == "8086:1572")
        #expect(port.classCode == 0x0200)
        #expect(port.vendorName == "Intel Corporation")
        #expect(port.deviceName?.contains("X710") == true)
        #expect(port.className == "Ethernet controller")
        #expect(port.driver == "i40e")
        #expect(port.numaNode == 1)
        let bridge = try #require(devices.first)
        #expect(bridge.driver == nil)
        #expect(bridge.numaNode == nil)
        #expect(bridge.className == "Host bridge")
    }

    @Test("finds the physical functions with their virtual functions, linked both ways, in index order")
    func physicalFunctions() throws {
        let sysfs = try FakeSysfs.x710()
        defer { sysfs.remove() }
        let functions = try SRIOVInventory(sysfsRoot: sysfs.root).physicalFunctions()
        #expect(functions.map(\.device.address.description) == [X710.physicalFunction, X710.idlePhysicalFunction])
        let port = functions[0]
        #expect(port.totalVFs == 64)
        #expect(port.numVFs == 4)
        #expect(port.virtualFunctions.map(\.index) == [0, 1, 2, 3])
        #expect(port.virtualFunctions.map(\.address.description) == X710.virtualFunctions)
        #expect(port.virtualFunctions.allSatisfy { $0.physicalFunction == port.device.address })
        #expect(port.virtualFunctions.allSatisfy { $0.device.ids == "8086:154c" })
        #expect(port.virtualFunctions[0].device.deviceName?.contains("Virtual Function") == true)
        #expect(functions[1].numVFs == 0)
        #expect(functions[1].virtualFunctions.isEmpty)
    }

    @Test("a VF is free when bound to vfio-pci; one bound to iavf is in use, one unbound is not free either")
    func freeAndUsed() throws {
        let sysfs = try FakeSysfs.x710()
        defer { sysfs.remove() }
        try FileManager.default.removeItem(atPath: sysfs.deviceFolder(X710.virtualFunctions[2]) + "/driver")
        let port = try SRIOVInventory(sysfsRoot: sysfs.root).physicalFunctions()[0]
        #expect(port.virtualFunctions.map(\.driver) == ["vfio-pci", "vfio-pci", nil, "iavf"])
        #expect(port.virtualFunctions.map(\.isFree) == [true, true, false, false])
        #expect(port.freeVirtualFunctions.map(\.index) == [0, 1])
    }

    @Test("a sysfs root that does not exist is a typed libpci error, and the process goes on")
    func bogusRoot() throws {
        let root = "/nonexistent-vmnet-\(getpid())"
        #expect(throws: SRIOVError.libpci("Cannot open \(root)/bus/pci/devices", sysfsRoot: root)) {
            try SRIOVInventory(sysfsRoot: root).physicalFunctions()
        }
        // Still here: libpci's default handler would have called exit(1). A second session works as usual.
        let sysfs = try FakeSysfs.x710()
        defer { sysfs.remove() }
        #expect(try SRIOVInventory(sysfsRoot: sysfs.root).physicalFunctions().count == 2)
    }

    @Test("an entry libpci cannot parse in the middle of a scan is a typed error, not exit(1)")
    func unparsableEntry() throws {
        let sysfs = try FakeSysfs.x710()
        defer { sysfs.remove() }
        try FileManager.default.createDirectory(
            atPath: sysfs.root + "/bus/pci/devices/junk", withIntermediateDirectories: false)
        #expect(throws: SRIOVError.libpci("sysfs_scan: Couldn't parse entry name junk", sysfsRoot: sysfs.root)) {
            try SRIOVInventory(sysfsRoot: sysfs.root).devices()
        }
    }

    @Test("an entry whose PCI function is above 7 is malformed, not a crash")
    func functionAboveSeven() throws {
        let sysfs = try FakeSysfs.x710()
        defer { sysfs.remove() }
        try sysfs.addDevice("0000:81:02.9", vendor: 0x8086, device: 0x154c, classCode: 0x020000, driver: nil)
        #expect(
            throws: SRIOVError.malformedEntry(
                path: sysfs.root + "/bus/pci/devices/0000:81:02.9", content: "PCI function above 7")
        ) {
            try SRIOVInventory(sysfsRoot: sysfs.root).devices()
        }
    }

    @Test("a device without its vendor entry is a typed libpci error naming the file")
    func missingVendor() throws {
        let sysfs = try FakeSysfs.x710()
        defer { sysfs.remove() }
        let vendor = sysfs.deviceFolder(X710.virtualFunctions[1]) + "/vendor"
        try FileManager.default.removeItem(atPath: vendor)
        let error = #expect(throws: SRIOVError.self) { try SRIOVInventory(sysfsRoot: sysfs.root).devices() }
        guard case .libpci(let message, _) = error else {
            Issue.record("not a libpci error: \(String(describing: error))")
            return
        }
        #expect(message.contains("Cannot open"))
        #expect(message.contains("\(X710.virtualFunctions[1])/vendor"))
    }

    @Test("a VF whose physfn link points at another device makes the tree inconsistent")
    func inconsistentLink() throws {
        let sysfs = try FakeSysfs.x710()
        defer { sysfs.remove() }
        try sysfs.relink("devices/pci0000:00/\(X710.virtualFunctions[0])/physfn", to: "../\(X710.idlePhysicalFunction)")
        #expect(
            throws: SRIOVError.inconsistentLink(
                virtualFunction: try PCIAddress(parsing: X710.virtualFunctions[0]),
                physicalFunction: try PCIAddress(parsing: X710.physicalFunction),
                physfn: try PCIAddress(parsing: X710.idlePhysicalFunction))
        ) {
            try SRIOVInventory(sysfsRoot: sysfs.root).physicalFunctions()
        }
    }

    @Test("a virtfn link to a device that is not in the tree is named")
    func missingVirtualFunctionDevice() throws {
        let sysfs = try FakeSysfs.x710()
        defer { sysfs.remove() }
        try sysfs.relink("devices/pci0000:00/\(X710.physicalFunction)/virtfn3", to: "../0000:81:02.7")
        #expect(
            throws: SRIOVError.missingDevice(
                try PCIAddress(parsing: "0000:81:02.7"),
                listedBy: sysfs.root + "/bus/pci/devices/\(X710.physicalFunction)/virtfn3")
        ) {
            try SRIOVInventory(sysfsRoot: sysfs.root).physicalFunctions()
        }
    }

    @Test("a malformed sriov_totalvfs names the file and what it holds")
    func malformedTotal() throws {
        let sysfs = try FakeSysfs.x710()
        defer { sysfs.remove() }
        try sysfs.write("lots\n", at: "devices/pci0000:00/\(X710.physicalFunction)/sriov_totalvfs")
        #expect(
            throws: SRIOVError.malformedEntry(
                path: sysfs.root + "/bus/pci/devices/\(X710.physicalFunction)/sriov_totalvfs", content: "lots")
        ) {
            try SRIOVInventory(sysfsRoot: sysfs.root).physicalFunctions()
        }
    }

    @Test(
        "on this host's /sys, lists exactly the devices of /sys/bus/pci/devices with their vendor ids",
        .enabled(if: FileManager.default.fileExists(atPath: "/sys/bus/pci/devices"), "this host has no PCI bus in sysfs"))
    func hostSysfs() throws {
        let folder = "/sys/bus/pci/devices"
        let expected = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        let devices = try SRIOVInventory().devices()
        #expect(devices.map(\.address.description) == expected)
        for device in devices {
            let vendor = try String(contentsOfFile: "\(folder)/\(device.address)/vendor", encoding: .utf8)
            #expect(vendor.trimmingCharacters(in: .whitespacesAndNewlines) == "0x" + device.ids.prefix(4))
        }
        let withSRIOV = expected.filter { FileManager.default.fileExists(atPath: "\(folder)/\($0)/sriov_totalvfs") }
        #expect(try SRIOVInventory().physicalFunctions().map(\.device.address.description) == withSRIOV)
    }
}
