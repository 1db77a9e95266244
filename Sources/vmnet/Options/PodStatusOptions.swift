import ArgumentParser
import FoundationEssentials
import VMNetCore
import VMNetSystem
import VMNetSRIOV

/// What the CNI and the device plugin gave the pod: Multus's network-status annotation, and the SR-IOV virtual
/// functions — from that annotation's device-info, or from the device plugin's `PCIDEVICE_*` variables.
struct PodStatusOptions: ParsableArguments {
    @Option(name: .customLong("network-status"), help: ArgumentHelp(
        "A file holding the pod's k8s.v1.cni.cncf.io/network-status annotation (its JSON array). Its entries name the pod interfaces: the one whose name is a multus network's NetworkAttachmentDefinition (namespace/name) names that network's, the default: true one the primary. When entries carry PCI device-info, SR-IOV networks take their virtual functions from them instead of from the PCIDEVICE_* variables.",
        valueName: "file"))
    var networkStatusFile: String?

    @Option(name: .customLong("sysfs-root"), help: ArgumentHelp(
        "The sysfs tree where the pod's SR-IOV virtual functions must be VFs bound to vfio-pci.", valueName: "dir"))
    var sysfsRoot = "/sys"

    /// Reads the network-status file, if one is given; an unreadable or malformed one is an input error (exit 2).
    func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CommandFailure) -> PodStatus {
        guard let networkStatusFile else {
            return PodStatus(annotation: nil, entries: nil, sysfsRoot: sysfsRoot, environment: environment)
        }
        let text: String
        do {
            text = String(decoding: try readAll(networkStatusFile), as: UTF8.self)
        } catch {
            throw CommandFailure(message: "cannot read the network-status file \(networkStatusFile): \(error.reason)", status: 2)
        }
        do {
            return PodStatus(
                annotation: text, entries: try NetworkStatusEntry.entries(inAnnotation: text), sysfsRoot: sysfsRoot,
                environment: environment)
        } catch {
            throw CommandFailure(message: "\(networkStatusFile): \(error)", status: 2)
        }
    }
}

/// The pod's network status and where its virtual functions come from, read once per command.
struct PodStatus {
    /// The network-status annotation's text, when given.
    var annotation: String?
    /// Its entries, for the planner.
    var entries: [NetworkStatusEntry]?
    /// The sysfs tree the virtual functions are checked against.
    var sysfsRoot: String
    /// The environment holding the device plugin's `PCIDEVICE_*` variables.
    var environment: [String: String]

    /// Where the virtual functions were given: the network-status annotation when an entry carries a PCI device,
    /// else the device plugin's variables when any is set; `nil` when neither was.
    var givenSource: VirtualFunctionSource? {
        if let annotation, entries?.contains(where: { $0.pciAddress != nil }) == true {
            return .networkStatus(annotation)
        }
        if environment.keys.contains(where: { $0.hasPrefix("PCIDEVICE_") }) {
            return .devicePlugin(environment: environment)
        }
        return nil
    }

    /// `manifestDigest` extended with the virtual functions given, so that a second `vmnet up` with other ones is a
    /// changed plan. Unchanged when there are none. (The network-status entries are in `manifestDigest` already:
    /// they are a planner option.)
    func digest(_ manifestDigest: String, devices: [String: PCIAddress]) -> String {
        guard !devices.isEmpty else { return manifestDigest }
        let functions = devices.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return SHA256.hexDigest(([manifestDigest] + functions).joined(separator: "\n"))
    }

    /// The virtual function of each SR-IOV network of `vm`, by network name, taken from `source` and checked to be
    /// a free VF under the sysfs root. An allocation that cannot be made fails the VM's plan (exit 1); a sysfs tree
    /// that cannot be read is a system error (exit 2).
    func virtualFunctions(
        for vm: VirtualMachine, attachments: [NetworkAttachmentDefinition], from source: VirtualFunctionSource
    ) throws(CommandFailure) -> [String: PCIAddress] {
        let networks: [SRIOVNetwork]
        do {
            networks = try SRIOVNetwork.networks(of: vm, attachments: attachments)
        } catch {
            throw CommandFailure(message: "cannot plan VM \(vm.name): \(error)")
        }
        guard !networks.isEmpty else { return [:] }
        let allocator: VirtualFunctionAllocator
        do {
            allocator = try VirtualFunctionAllocator(inventory: SRIOVInventory(sysfsRoot: sysfsRoot))
        } catch {
            throw CommandFailure(message: error.description, status: 2)
        }
        do {
            return try allocator.allocate(networks, from: source)
        } catch {
            throw CommandFailure(message: "cannot plan VM \(vm.name): \(error)")
        }
    }
}
