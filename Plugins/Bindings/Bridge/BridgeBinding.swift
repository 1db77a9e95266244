import VMNetCore

/// The `bridge` binding: the guest joins the network through a Linux bridge in the pod, and the pod interface's
/// IPv4 address is delegated to it by DHCP.
public struct BridgeBinding: Binding {
    /// Creates the binding.
    public init() {}

    public let manifest = BindingManifest(
        name: "bridge",
        displayName: "Bridge",
        version: "0.1.0",
        summary: "Connects the guest through a Linux bridge; the pod interface's IPv4 address moves to the guest by DHCP.",
        capabilities: BindingCapabilities(
            configGates: [
                ConfigGate(
                    key: "permitBridgeInterfaceOnPodNetwork", defaultValue: true, backends: ["pod"],
                    message: "Bridge on pod network configuration is not enabled under kubevirt-config")
            ],
            forwardsPorts: false,
            servesDHCP: true
        )
    )
}
