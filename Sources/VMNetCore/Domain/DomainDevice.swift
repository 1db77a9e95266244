/// One network device of a VM as a plan produces it: a tap NIC, an SR-IOV VF, a QEMU user-mode NIC or a device
/// given to QEMU as arguments.
public enum DomainDevice: Codable, Sendable, Hashable {
    /// A NIC on a tap device (`<interface type='ethernet'>`).
    case interface(DomainInterface)
    /// An SR-IOV VF passed through (`<hostdev>`).
    case hostDevice(DomainHostDevice)
    /// A QEMU user-mode NIC (QEMU arguments).
    case userNetwork(QEMUUserNetwork)
    /// A device given to QEMU as arguments of its own (`<qemu:commandline>`).
    case qemuArguments(QEMUArguments)

    /// The VM interface's name the device belongs to.
    public var name: String {
        switch self {
        case .interface(let device): device.name
        case .hostDevice(let device): device.name
        case .userNetwork(let device): device.name
        case .qemuArguments(let device): device.name
        }
    }

    private enum CodingKeys: String, CodingKey {
        case interface, hostDevice, userNetwork, qemuArguments
    }

    /// Decodes an object with exactly one key, `interface`, `hostDevice`, `userNetwork` or `qemuArguments`, holding the
    /// device.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.allKeys.count == 1, let key = container.allKeys.first else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription: "a domain device has exactly one key: interface, hostDevice, userNetwork or qemuArguments"))
        }
        switch key {
        case .interface: self = .interface(try container.decode(DomainInterface.self, forKey: key))
        case .hostDevice: self = .hostDevice(try container.decode(DomainHostDevice.self, forKey: key))
        case .userNetwork: self = .userNetwork(try container.decode(QEMUUserNetwork.self, forKey: key))
        case .qemuArguments: self = .qemuArguments(try container.decode(QEMUArguments.self, forKey: key))
        }
    }

    /// Encodes the device under its kind's key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .interface(let device): try container.encode(device, forKey: .interface)
        case .hostDevice(let device): try container.encode(device, forKey: .hostDevice)
        case .userNetwork(let device): try container.encode(device, forKey: .userNetwork)
        case .qemuArguments(let device): try container.encode(device, forKey: .qemuArguments)
        }
    }
}
