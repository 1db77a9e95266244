import VMNetCore

/// A VM network whose binding asks for a PCI device of its attachment's resource, with the
/// NetworkAttachmentDefinition its backend names: what a virtual function is allocated for.
public struct SRIOVNetwork: Sendable, Equatable {
    /// The VM network's name (`spec.networks[].name`), the key of `PodFacts.hostDevices`.
    public var name: String
    /// The attachment the network's backend names.
    public var attachment: NetworkAttachmentDefinition

    /// Creates an SR-IOV network.
    public init(name: String, attachment: NetworkAttachmentDefinition) {
        self.name = name
        self.attachment = attachment
    }

    /// The network `name` whose binding asked for a virtual function, with the attachment its backend named
    /// (`attachmentName`, found among the manifests as `attachment`); a backend that named none, or an attachment
    /// not given, is refused.
    public init(
        claiming name: String, backend: String, attachmentName: String?, attachment: NetworkAttachmentDefinition?
    ) throws(SRIOVError) {
        guard let attachmentName else { throw .noAttachment(network: name, backend: backend) }
        guard let attachment else { throw .attachmentNotFound(network: name, attachment: attachmentName) }
        self.init(name: name, attachment: attachment)
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
