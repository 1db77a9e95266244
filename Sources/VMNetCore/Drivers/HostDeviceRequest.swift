/// A host device each interface of a binding needs, which the host allocates before the binding plans and passes in
/// `BindingPlanRequest.hostDevice`.
public enum HostDeviceRequest: String, Codable, Sendable, Hashable {
    /// One PCI device of the device-plugin resource that the network's NetworkAttachmentDefinition names in its
    /// `k8s.v1.cni.cncf.io/resourceName` annotation, bound to vfio-pci so it can be passed through (an SR-IOV
    /// virtual function). The host takes it from the pod's network-status `device-info` or the device plugin's
    /// `PCIDEVICE_<RESOURCE>` variable and checks it on the node; its backend must name the attachment.
    case attachmentResource
}
