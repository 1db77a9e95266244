import VMNetCore

/// A VM network whose interface uses the sriov binding, with the NetworkAttachmentDefinition its multus backend
/// names: what a virtual function is allocated for.
public struct SRIOVNetwork: Sendable, Equatable {
    /// The VM network's name (`spec.networks[].name`), the key of `PodFacts.hostDevices`.
    public var name: String
    /// The attachment the network's `multus.networkName` refers to.
    public var attachment: NetworkAttachmentDefinition

    /// Creates an SR-IOV network.
    public init(name: String, attachment: NetworkAttachmentDefinition) {
        self.name = name
        self.attachment = attachment
    }

    /// The VM's networks whose interface uses `binding`, in `spec.networks` order, each with its attachment from
    /// `attachments`: a `networkName` without a namespace is looked up in the VM's namespace, as KubeVirt does.
    public static func networks(
        of vm: VirtualMachine, attachments: [NetworkAttachmentDefinition], binding: String = "sriov"
    ) throws(SRIOVError) -> [SRIOVNetwork] {
        var networks: [SRIOVNetwork] = []
        for network in vm.networks ?? [] {
            guard vm.interfaces?.contains(where: { $0.name == network.name && $0.binding?.name == binding }) == true
            else { continue }
            guard let source = network.source, source.backend == "multus",
                let networkName = source.options["networkName"]?.stringValue
            else { throw .notMultus(network: network.name, backend: network.source?.backend) }
            let qualifiedName = networkName.contains("/") ? networkName : "\(vm.namespace)/\(networkName)"
            guard let attachment = attachments.first(where: { $0.qualifiedName == qualifiedName }) else {
                throw .attachmentNotFound(network: network.name, attachment: qualifiedName)
            }
            networks.append(SRIOVNetwork(name: network.name, attachment: attachment))
        }
        return networks
    }

    /// The variable in which the SR-IOV device plugin lists the addresses of the attachment's resource, e.g.
    /// `PCIDEVICE_INTEL_COM_SRIOV` for `intel.com/sriov`; `nil` when the attachment names no resource.
    public var environmentVariable: String? {
        attachment.resourceName.map(Self.environmentVariable(resource:))
    }

    /// `PCIDEVICE_` and the resource name upper-cased, with every character other than a letter or digit as `_`.
    public static func environmentVariable(resource: String) -> String {
        "PCIDEVICE_"
            + String(
                resource.uppercased().unicodeScalars.map {
                    ("A"..."Z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "_"
                })
    }
}
