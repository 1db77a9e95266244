import ArgumentParser
import FoundationEssentials
import VMNetSystem
import VMNetWiring

/// What the CNI and the device plugin gave the pod: Multus's network-status annotation, and the sysfs tree the
/// SR-IOV virtual functions (from that annotation's device-info, or from the device plugin's `PCIDEVICE_*`
/// variables) are checked against.
struct PodContextOptions: ParsableArguments {
    @Option(name: .customLong("network-status"), help: ArgumentHelp(
        "A file holding the pod's k8s.v1.cni.cncf.io/network-status annotation (its JSON array). Its entries name the pod interfaces: the one whose name is a multus network's NetworkAttachmentDefinition (namespace/name) names that network's, the default: true one the primary. When entries carry PCI device-info, SR-IOV networks take their virtual functions from them instead of from the PCIDEVICE_* variables.",
        valueName: "file"))
    var networkStatusFile: String?

    @Option(name: .customLong("sysfs-root"), help: ArgumentHelp(
        "The sysfs tree where the pod's SR-IOV virtual functions must be VFs bound to vfio-pci.", valueName: "dir"))
    var sysfsRoot = "/sys"

    /// The pod's context; an unreadable or malformed network-status file is an input error (exit 2).
    func context(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CommandFailure) -> PodContext {
        guard let networkStatusFile else { return PodContext(environment: environment, sysfsRoot: sysfsRoot) }
        let text: String
        do {
            text = String(decoding: try readAll(networkStatusFile), as: UTF8.self)
        } catch {
            throw CommandFailure(message: "cannot read the network-status file \(networkStatusFile): \(error.reason)", status: 2)
        }
        do {
            return try PodContext(networkStatus: text, environment: environment, sysfsRoot: sysfsRoot)
        } catch {
            throw CommandFailure(message: "\(networkStatusFile): \(error)", status: 2)
        }
    }
}
