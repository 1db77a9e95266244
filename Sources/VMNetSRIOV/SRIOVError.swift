import VMNetCore

/// Why the host's SR-IOV devices could not be read, or a VM's networks could not be given virtual functions.
public enum SRIOVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// libpci refused the sysfs tree at `sysfsRoot`, with its own message (instead of ending the process).
    case libpci(String, sysfsRoot: String)
    /// A sysfs entry an SR-IOV device must have could not be read.
    case unreadable(path: String, reason: String)
    /// A sysfs entry does not hold what the kernel writes there.
    case malformedEntry(path: String, content: String)
    /// A physical function's `virtfnN` link names a device libpci does not list.
    case missingDevice(PCIAddress, listedBy: String)
    /// A virtual function's `physfn` link does not point back at the physical function that lists it.
    case inconsistentLink(virtualFunction: PCIAddress, physicalFunction: PCIAddress, physfn: PCIAddress?)
    /// The backend of a network whose binding needs a virtual function names no NetworkAttachmentDefinition.
    case noAttachment(network: String, backend: String)
    /// No NetworkAttachmentDefinition has the name a multus network refers to.
    case attachmentNotFound(network: String, attachment: String)
    /// The network's NetworkAttachmentDefinition names no device plugin resource.
    case noResourceName(network: String, attachment: String)
    /// The device plugin's variable for the network's resource is not in the environment.
    case missingEnvironment(variable: String, network: String, attachment: String, resource: String)
    /// Every address in the device plugin's variable went to the networks before this one.
    case exhausted(variable: String, network: String, resource: String, addresses: [String])
    /// The network-status annotation is not the JSON Multus writes.
    case malformedNetworkStatus(String)
    /// The network-status annotation has no unused entry with a PCI device for the network's attachment.
    case notInNetworkStatus(network: String, attachment: String)
    /// A VF's address is not a PCI address; `origin` says where it was read.
    case malformedAddress(String, origin: String)
    /// The address is not a virtual function of any physical function on the host.
    case notAVirtualFunction(PCIAddress, network: String, origin: String)
    /// The VF is bound to `driver` (`nil`: to none), not vfio-pci, so it cannot be passed through.
    case wrongDriver(PCIAddress, network: String, driver: String?)
    /// The same VF was given to two networks.
    case allocatedTwice(PCIAddress, firstNetwork: String, secondNetwork: String)

    /// Says what went wrong and what to do about it.
    public var description: String {
        switch self {
        case .libpci(let message, let root):
            "libpci cannot read the PCI devices under \(root): \(message) (the sysfs root must be a sysfs tree "
                + "with bus/pci/devices, /sys by default)"
        case .unreadable(let path, let reason):
            "cannot read \(path): \(reason)"
        case .malformedEntry(let path, let content):
            "\(path) holds '\(content)', not what the kernel writes there"
        case .missingDevice(let address, let link):
            "\(link) points at \(address), which is not a PCI device under the same sysfs root"
        case .inconsistentLink(let function, let physical, let physfn):
            "\(function) is a virtual function of \(physical), but its physfn link points at "
                + "\(physfn.map(\.description) ?? "nothing"): the sysfs tree is inconsistent"
        case .noAttachment(let network, let backend):
            "network \(network) needs a virtual function from its NetworkAttachmentDefinition's resource, but its "
                + "\(backend) backend names no NetworkAttachmentDefinition: use a backend that attaches one"
        case .attachmentNotFound(let network, let attachment):
            "failed to locate network attachment definition \(attachment) (network \(network)): "
                + "give its NetworkAttachmentDefinition with the manifests"
        case .noResourceName(let network, let attachment):
            "network \(network): NetworkAttachmentDefinition \(attachment) has no k8s.v1.cni.cncf.io/resourceName "
                + "annotation, so no device plugin resource holds its virtual functions: annotate it with the "
                + "SR-IOV resource (e.g. intel.com/sriov), or take the VFs from the network-status annotation"
        case .missingEnvironment(let variable, let network, let attachment, let resource):
            "network \(network) (NetworkAttachmentDefinition \(attachment), resource \(resource)) has no virtual "
                + "function: \(variable) is not set; the SR-IOV device plugin sets it in a pod that requests "
                + "\(resource)"
        case .exhausted(let variable, let network, let resource, let addresses):
            "network \(network) needs another virtual function of \(resource), but \(variable) lists "
                + "\(addresses.isEmpty ? "none" : addresses.joined(separator: ",")), already given to the networks "
                + "before it: request one \(resource) per network that uses it"
        case .malformedNetworkStatus(let reason):
            "the network-status annotation is not a JSON list of {name, interface, device-info}: \(reason)"
        case .notInNetworkStatus(let network, let attachment):
            "network \(network): the network-status annotation has no unused entry named \(attachment) with a "
                + "PCI device-info; Multus writes one per attachment of an SR-IOV CNI"
        case .malformedAddress(let text, let origin):
            "\(origin): " + PCIAddressError.malformed(text).description
        case .notAVirtualFunction(let address, let network, let origin):
            "\(address) (from \(origin)) for network \(network) is not a virtual function of any SR-IOV physical "
                + "function on this host: the device plugin's pool must list VFs"
        case .wrongDriver(let address, let network, let driver):
            "virtual function \(address) for network \(network) is bound to \(driver ?? "no driver"), not vfio-pci: "
                + "bind it with driverctl set-override \(address) vfio-pci"
        case .allocatedTwice(let address, let first, let second):
            "virtual function \(address) is given to both network \(first) and network \(second): each VF can "
                + "serve one network"
        }
    }
}
