import VMNetCore
import VMNetManifest

/// Manifests read and validated: the set as decoded, its VMs after defaults, and the warnings found.
public struct Manifests: Sendable {
    /// The manifests as read: VMs, NetworkAttachmentDefinitions, the cluster config.
    public var set: ManifestSet
    /// The VMs after defaults, in input order.
    public var machines: [VirtualMachine]
    /// The warnings (valid manifests have no error), in source order.
    public var warnings: [Diagnostic]

    /// The cluster config the manifests carry, or the default.
    public var config: ClusterConfig { self.set.config }
    /// The NetworkAttachmentDefinitions among them.
    public var attachments: [NetworkAttachmentDefinition] { self.set.attachments }
}
