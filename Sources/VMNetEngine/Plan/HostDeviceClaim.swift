import VMNetCore

/// A network whose interface's binding declares a host-device request, with the NetworkAttachmentDefinition its
/// backend named for it: what the host allocates a device for before planning.
public struct HostDeviceClaim: Sendable, Equatable {
    /// The VM network's name, the key of `PodFacts.hostDevices`.
    public var network: String
    /// The binding that asked.
    public var binding: String
    /// The network's backend.
    public var backend: String
    /// What the binding asked for.
    public var request: HostDeviceRequest
    /// The attachment the backend named for the network, as `namespace/name`; `nil` when it named none.
    public var attachmentName: String?
    /// That attachment, when it is among the manifests.
    public var attachment: NetworkAttachmentDefinition?

    /// Creates a claim.
    public init(
        network: String, binding: String, backend: String, request: HostDeviceRequest, attachmentName: String?,
        attachment: NetworkAttachmentDefinition?
    ) {
        self.network = network
        self.binding = binding
        self.backend = backend
        self.request = request
        self.attachmentName = attachmentName
        self.attachment = attachment
    }
}
