/// One network device of a VM as a plan produces it: a tap NIC, an SR-IOV VF or a QEMU user-mode NIC.
public enum DomainDevice: Codable, Sendable, Hashable {
    /// A NIC on a tap device (`<interface type='ethernet'>`).
    case interface(DomainInterface)
    /// An SR-IOV VF passed through (`<hostdev>`).
    case hostDevice(DomainHostDevice)
    /// A QEMU user-mode NIC (QEMU arguments).
    case userNetwork(QEMUUserNetwork)

    /// The VM interface's name the device belongs to.
    public var name: String {
        switch self {
        case .interface(let device): device.name
        case .hostDevice(let device): device.name
        case .userNetwork(let device): device.name
        }
    }

    private enum CodingKeys: String, CodingKey {
        case interface, hostDevice, userNetwork
    }

    /// Decodes an object with exactly one key, `interface`, `hostDevice` or `userNetwork`, holding the device.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "a domain device has exactly one key: interface, hostDevice or userNetwork"))
        }
        switch key {
        case .interface: self = .interface(try container.decode(DomainInterface.self, forKey: key))
        case .hostDevice: self = .hostDevice(try container.decode(DomainHostDevice.self, forKey: key))
        case .userNetwork: self = .userNetwork(try container.decode(QEMUUserNetwork.self, forKey: key))
        }
    }

    /// Encodes the device under its kind's key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .interface(let device): try container.encode(device, forKey: .interface)
        case .hostDevice(let device): try container.encode(device, forKey: .hostDevice)
        case .userNetwork(let device): try container.encode(device, forKey: .userNetwork)
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
