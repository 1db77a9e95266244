import VMNetCore

/// The `masquerade` binding: the guest gets a private address behind NAT to the pod's address, with the listed
/// ports (or all) forwarded in.
public struct MasqueradeBinding: Binding {
    /// The MAC address of the in-pod bridge, which a guest must not take.
    public static let bridgeMACAddress = "02:00:00:00:00:00"

    /// Creates the binding.
    public init() {}

    public let manifest = BindingManifest(
        name: "masquerade",
        displayName: "Masquerade",
        version: "0.1.0",
        summary: "Hides the guest behind NAT on the pod's address; listed ports (or all) are forwarded to it.",
        capabilities: BindingCapabilities(
            backends: ["pod"],
            forwardsPorts: true,
            servesDHCP: true,
            reservedMACAddresses: [
                ReservedMACAddress(
                    address: MasqueradeBinding.bridgeMACAddress,
                    message: "The requested MAC address is reserved for the in-pod bridge. Please choose another one.")
            ]
        )
    )
}
