import VMNetCore

/// The `sriov` binding: an SR-IOV virtual function passed through to the guest with vfio.
public struct SRIOVBinding: Binding {
    /// Creates the binding.
    public init() {}

    public let manifest = BindingManifest(
        name: "sriov",
        displayName: "SR-IOV",
        version: "0.1.0",
        summary: "Passes an SR-IOV virtual function through to the guest with vfio.",
        capabilities: BindingCapabilities(
            backends: ["multus"],
            forwardsPorts: false,
            servesDHCP: false,
            usesModel: false
        )
    )
}
