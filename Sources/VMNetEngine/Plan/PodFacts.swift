import VMNetCore

/// The interfaces of a pod's network namespace.
public struct PodFacts: Codable, Sendable, Equatable {
    /// The interfaces, by name.
    public var interfaces: [PodInterface]
    /// Host PCI devices allocated to VM networks (for bindings that ask for one: SR-IOV virtual functions), by
    /// network name.
    public var hostDevices: [String: PCIAddress]

    /// Creates facts.
    public init(interfaces: [PodInterface], hostDevices: [String: PCIAddress] = [:]) {
        self.interfaces = interfaces
        self.hostDevices = hostDevices
    }

    /// Decodes facts; `hostDevices` may be left out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        interfaces = try container.decode([PodInterface].self, forKey: .interfaces)
        hostDevices = try container.decodeIfPresent([String: PCIAddress].self, forKey: .hostDevices) ?? [:]
    }

    /// The interface named `name`.
    public func interface(named name: String) -> PodInterface? {
        interfaces.first { $0.name == name }
    }
}
