import VMNetCore

/// The `slirp` binding: QEMU's user-mode network stack, with only the listed ports forwarded in.
public struct SlirpBinding: Binding {
    /// QEMU's user network, `pod: {vmNetworkCIDR: …}`.
    static let network = GuestNetworkOption("vmNetworkCIDR", family: .ipv4, defaultNetwork: try! IPNetwork(parsing: "10.0.2.0/24"))

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
            servesDHCP: false,
            migrationBlockedOn: [],
            // A QEMU user-mode NIC is defined by command-line arguments, which have no link state.
            states: [.up],
            networkOptions: ["pod": [SlirpBinding.network.spec]]
        )
    )

    /// The user network the interface's pod network sets must parse and leave room for a gateway and a guest.
    public func validate(_ request: BindingValidationRequest) -> [Diagnostic] {
        Self.network.diagnostics(request)
    }

    /// No host steps: QEMU's user-mode stack, on the pod network's CIDR, with a host forward per listed port.
    public func plan(_ request: BindingPlanRequest) throws(PlanError) -> BindingPlan {
        let interface = request.interface
        var forwards: [QEMUUserNetwork.PortForward] = []
        for port in interface.ports ?? [] {
            guard let number = port.port else { continue }
            let forward = QEMUUserNetwork.PortForward(port.effectiveProtocol == "UDP" ? .udp : .tcp, port: number)
            if !forwards.contains(forward) { forwards.append(forward) }
        }
        let network = try Self.network.network(request).description
        let model = DomainInterface.Model(rawValue: interface.effectiveModel) ?? .e1000
        let device = QEMUUserNetwork(
            name: interface.name, network: network, portForwards: forwards, model: model,
            macAddress: request.guestMACAddress(fallback: nil))
        // QEMU runs unprivileged and must listen on the forwarded ports inside the pod, as KubeVirt's passt binding
        // arranges with the same sysctl.
        let privileged = forwards.contains { $0.port < 1024 }
        let steps: [HostStep] = privileged ? [.setSysctl(key: "net/ipv4/ip_unprivileged_port_start", value: "0")] : []
        return BindingPlan(interface: interface.name, podInterface: nil, steps: steps, device: .qemuCommandLine(QEMUCommandLineDevice(name: device.name, arguments: device.arguments)))
    }
}
