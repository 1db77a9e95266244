/// One network device of a VM as a plan produces it: a tap NIC, a PCI host device or QEMU arguments.
public enum DomainDevice: Codable, Sendable, Hashable {
    /// A NIC on a tap device (`<interface type='ethernet'>`).
    case interface(DomainInterface)
    /// A PCI device of the host passed through (`<hostdev>`), e.g. an SR-IOV virtual function.
    case hostDevice(DomainHostDevice)
    /// A device only QEMU's own arguments describe (`<qemu:commandline>`), e.g. a user-mode NIC.
    case qemuCommandLine(QEMUCommandLineDevice)

    /// The VM interface's name the device belongs to.
    public var name: String {
        switch self {
        case .interface(let device): device.name
        case .hostDevice(let device): device.name
        case .qemuCommandLine(let device): device.name
        }
    }

    private enum CodingKeys: String, CodingKey {
        case interface, hostDevice, qemuCommandLine
    }

    /// Decodes an object with exactly one key, `interface`, `hostDevice` or `qemuCommandLine`, holding the device.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "a domain device has exactly one key: interface, hostDevice or qemuCommandLine"))
        }
        switch key {
        case .interface: self = .interface(try container.decode(DomainInterface.self, forKey: key))
        case .hostDevice: self = .hostDevice(try container.decode(DomainHostDevice.self, forKey: key))
        case .qemuCommandLine: self = .qemuCommandLine(try container.decode(QEMUCommandLineDevice.self, forKey: key))
        }
    }

    /// Encodes the device under its kind's key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .interface(let device): try container.encode(device, forKey: .interface)
        case .hostDevice(let device): try container.encode(device, forKey: .hostDevice)
        case .qemuCommandLine(let device): try container.encode(device, forKey: .qemuCommandLine)
        }
    }
}

extension DomainDevice {
    /// The device with what the core sets on every NIC from the VM spec, whichever binding planned it: the link
    /// down for `state: down`, and the ACPI index.
    public func presenting(_ interface: Interface) -> DomainDevice {
        guard case .interface(var device) = self else { return self }
        if interface.effectiveState == .down { device.linkState = .down }
        if let index = interface.acpiIndex { device.acpiIndex = index }
        return .interface(device)
    }
}
