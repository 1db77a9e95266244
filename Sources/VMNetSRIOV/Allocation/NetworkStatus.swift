import FoundationEssentials
import VMNetCore

/// An entry of Multus's `k8s.v1.cni.cncf.io/network-status` annotation: only what names an attachment's device.
struct NetworkStatus: Decodable {
    /// The device a CNI attached, as the device-info specification writes it.
    struct DeviceInfo: Decodable {
        /// The `pci` member of a device of type `pci`.
        struct PCI: Decodable {
            var address: String?

            enum CodingKeys: String, CodingKey {
                case address = "pci-address"
            }
        }

        var pci: PCI?
    }

    /// The attachment, `namespace/name`.
    var name: String
    var deviceInfo: DeviceInfo?

    enum CodingKeys: String, CodingKey {
        case name
        case deviceInfo = "device-info"
    }

    /// The PCI address of the entry's device, when it has one.
    var pciAddress: String? { deviceInfo?.pci?.address }

    /// Decodes the annotation's JSON.
    static func entries(in annotation: String) throws(SRIOVError) -> [NetworkStatus] {
        do {
            return try JSONDecoder().decode([NetworkStatus].self, from: Data(annotation.utf8))
        } catch let error as DecodingError {
            throw .malformedNetworkStatus(Self.reason(error))
        } catch {
            throw .malformedNetworkStatus(String(describing: error))
        }
    }

    private static func reason(_ error: DecodingError) -> String {
        let failure = DecodingFailure(error)
        return failure.path.isEmpty ? failure.detail : "\(failure.path): \(failure.detail)"
    }
}
