import FoundationEssentials
import VMNetCore

/// One entry of the `k8s.v1.cni.cncf.io/network-status` pod annotation (Kubernetes' network plumbing, written by
/// Multus): what a CNI delegate attached to the pod, and under which interface name.
///
/// The host reads its `device-info` for the virtual functions the pod was given; backends get the annotation's
/// text (`BackendPlanRequest.podAnnotations`) and read what they need. Fields vmnet does not use (`mtu`, `dns`,
/// `gateway`) are ignored when decoding.
public struct NetworkStatusEntry: Codable, Sendable, Equatable {
    /// The device a CNI attached, as the CNI device-info specification writes it.
    public struct DeviceInfo: Codable, Sendable, Equatable {
        /// A PCI device's details.
        public struct PCI: Codable, Sendable, Equatable {
            /// The device's PCI address, e.g. `0000:81:02.0` (a virtual function for SR-IOV).
            public var pciAddress: String?

            /// Creates PCI details.
            public init(pciAddress: String?) {
                self.pciAddress = pciAddress
            }

            enum CodingKeys: String, CodingKey {
                case pciAddress = "pci-address"
            }
        }

        /// The device type, e.g. `pci`.
        public var type: String?
        /// The details of a PCI device.
        public var pci: PCI?

        /// Creates device info.
        public init(type: String? = "pci", pci: PCI? = nil) {
            self.type = type
            self.pci = pci
        }
    }

    /// The network: the attachment's `namespace/name`, or the cluster network's name for the default one.
    public var name: String
    /// The pod interface the delegate made, e.g. `eth0`, `net1`.
    public var interface: String?
    /// The addresses the delegate's IPAM gave it, without prefix length.
    public var ips: [String]
    /// The interface's MAC address.
    public var mac: String?
    /// Whether this is the pod's primary (default) network.
    public var isDefault: Bool
    /// The device attached, for device-plugin networks such as SR-IOV.
    public var deviceInfo: DeviceInfo?

    /// Creates an entry.
    public init(
        name: String, interface: String?, ips: [String] = [], mac: String? = nil, isDefault: Bool = false,
        deviceInfo: DeviceInfo? = nil
    ) {
        self.name = name
        self.interface = interface
        self.ips = ips
        self.mac = mac
        self.isDefault = isDefault
        self.deviceInfo = deviceInfo
    }

    /// Decodes an entry; only `name` is required, as Multus leaves out what a delegate did not report.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        interface = try container.decodeIfPresent(String.self, forKey: .interface)
        ips = try container.decodeIfPresent([String].self, forKey: .ips) ?? []
        mac = try container.decodeIfPresent(String.self, forKey: .mac)
        isDefault = try container.decodeIfPresent(Bool.self, forKey: .isDefault) ?? false
        deviceInfo = try container.decodeIfPresent(DeviceInfo.self, forKey: .deviceInfo)
    }

    enum CodingKeys: String, CodingKey {
        case name, interface, ips, mac
        case isDefault = "default"
        case deviceInfo = "device-info"
    }

    /// The PCI address of the entry's device, when it has one.
    public var pciAddress: String? { deviceInfo?.pci?.pciAddress }

    /// Decodes the annotation's value, a JSON array of entries; the error says where the text is wrong.
    public static func entries(inAnnotation text: String) throws(NetworkStatusError) -> [NetworkStatusEntry] {
        do {
            return try JSONDecoder().decode([NetworkStatusEntry].self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw NetworkStatusError(reason: Self.reason(error))
        } catch {
            throw NetworkStatusError(reason: String(describing: error))
        }
    }

    private static func reason(_ error: DecodingError) -> String {
        let failure = DecodingFailure(error)
        let detail = [failure.detail, failure.underlying].compactMap { $0 }.joined(separator: ": ")
        return failure.path.isEmpty ? detail : "\(failure.path): \(detail)"
    }
}

/// A network-status annotation that is not the JSON array Multus writes.
public struct NetworkStatusError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where and how the text is wrong.
    public var reason: String

    /// Creates an error.
    public init(reason: String) {
        self.reason = reason
    }

    public var description: String {
        "the network-status annotation is not a JSON array of {name, interface, ips, mac, default, device-info}: \(reason)"
    }
}
