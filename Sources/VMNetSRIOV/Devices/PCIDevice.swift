import VMNetCore

/// A PCI device as libpci reports it: address, identity, class, names from the PCI ID database, and bound driver.
public struct PCIDevice: Sendable, Hashable {
    /// The driver a virtual function must be bound to for a guest to get it.
    public static let vfioDriver = "vfio-pci"

    /// The device's address on the host.
    public var address: PCIAddress
    /// The vendor id, e.g. `0x8086`.
    public var vendorID: UInt16
    /// The device id, e.g. `0x1572`.
    public var deviceID: UInt16
    /// The base class and subclass, e.g. `0x0200` for an Ethernet controller.
    public var classCode: UInt16
    /// The vendor's name, when the PCI ID database has it.
    public var vendorName: String?
    /// The device's name, when the PCI ID database has it.
    public var deviceName: String?
    /// The class's name, when the PCI ID database has it.
    public var className: String?
    /// The kernel driver bound to the device (the `driver` link), `nil` when unbound.
    public var driver: String?
    /// The NUMA node the device is attached to, when the kernel knows it.
    public var numaNode: Int?

    /// Creates a device.
    public init(
        address: PCIAddress, vendorID: UInt16, deviceID: UInt16, classCode: UInt16, vendorName: String? = nil,
        deviceName: String? = nil, className: String? = nil, driver: String? = nil, numaNode: Int? = nil
    ) {
        self.address = address
        self.vendorID = vendorID
        self.deviceID = deviceID
        self.classCode = classCode
        self.vendorName = vendorName
        self.deviceName = deviceName
        self.className = className
        self.driver = driver
        self.numaNode = numaNode
    }

    /// `vendor:device` in lower-case hexadecimal, as lspci writes it, e.g. `8086:1572`.
    public var ids: String { "\(Self.hex(vendorID)):\(Self.hex(deviceID))" }

    /// The vendor's and device's names, falling back to the ids for what the database lacks.
    public var name: String {
        "\(vendorName ?? "vendor \(Self.hex(vendorID))") \(deviceName ?? "device \(Self.hex(deviceID))")"
    }

    /// Whether the device is bound to vfio-pci, so a guest can be given it.
    public var isBoundToVFIO: Bool { driver == Self.vfioDriver }

    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

extension PCIDevice: Encodable {
    private enum CodingKeys: String, CodingKey {
        case address, vendorID, deviceID, classCode, vendorName, deviceName, className, driver, numaNode
    }

    /// Encodes the ids and class as lspci writes them (`"8086"`, `"0200"`), leaving out what is unknown.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(address, forKey: .address)
        try container.encode(Self.hex(vendorID), forKey: .vendorID)
        try container.encode(Self.hex(deviceID), forKey: .deviceID)
        try container.encode(Self.hex(classCode), forKey: .classCode)
        try container.encodeIfPresent(vendorName, forKey: .vendorName)
        try container.encodeIfPresent(deviceName, forKey: .deviceName)
        try container.encodeIfPresent(className, forKey: .className)
        try container.encodeIfPresent(driver, forKey: .driver)
        try container.encodeIfPresent(numaNode, forKey: .numaNode)
    }
}
