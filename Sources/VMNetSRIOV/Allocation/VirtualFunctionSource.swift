/// Where the pod's virtual functions are read from.
public enum VirtualFunctionSource: Sendable, Equatable {
    /// The SR-IOV device plugin's environment: `PCIDEVICE_<RESOURCE>` lists, comma-separated, the addresses of the
    /// VFs it gave the pod for each resource.
    case devicePlugin(environment: [String: String])
    /// Multus's `k8s.v1.cni.cncf.io/network-status` annotation (its JSON text), whose entries carry the VF in
    /// `device-info.pci.pci-address`.
    case networkStatus(String)
}
