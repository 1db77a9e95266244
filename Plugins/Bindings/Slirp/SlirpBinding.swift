import VMNetCore

/// The `slirp` binding: QEMU's user-mode network stack, with only the listed ports forwarded in.
public struct SlirpBinding: Binding {
    /// Creates the binding.
    public init() {}

    public let manifest = BindingManifest(
        name: "slirp",
        displayName: "Slirp",
        version: "0.1.0",
        summary: "Connects the guest through QEMU user networking; only the listed ports are forwarded; no ICMP.",
        capabilities: BindingCapabilities(
            backends: ["pod"],
            configGates: [
                ConfigGate(
                    key: "permitSlirpInterface", defaultValue: true,
                    message: "Slirp interface is not enabled in kubevirt-config")
            ],
            forwardsPorts: true,
            servesDHCP: false
        )
    )
}
