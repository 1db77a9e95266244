import VMNetCore

/// The `passt` binding: the guest reaches the pod network through passt, a user-mode network stack that runs in the
/// pod's namespace and gives the guest the pod's IP, gateway and DNS by its own DHCP, NDP and DHCPv6.
///
/// KubeVirt's libvirt starts passt for `<interface type='user'><backend type='passt'/>`; Debian 12's libvirt 9.0 is
/// built with that backend disabled (it rejects `type='passt'`), so the binding starts passt itself, as a custom
/// step inside the pod's namespace, and hands QEMU the socket with `-netdev stream`. No link, NAT rule or vmnet DHCP.
public struct PasstBinding: Binding {
    /// Creates the binding.
    public init() {}

    public let manifest = BindingManifest(
        name: "passt",
        displayName: "passt",
        version: "0.1.0",
        summary: "Connects the guest through passt in the pod: the pod's IP by passt's DHCP; the listed ports, or all, forwarded.",
        capabilities: BindingCapabilities(
            backends: ["pod"],
            forwardsPorts: true,
            servesDHCP: false,
            addressFamilies: [.ipv4, .ipv6],
            migrationBlockedOn: nil
        )
    )

    /// A `sysctl` so passt, once it drops to QEMU's group, may send the guest's pings (KubeVirt sets the same), the
    /// custom step that starts passt, and the NIC on passt's socket.
    public func plan(_ request: BindingPlanRequest) throws(PlanError) -> BindingPlan {
        let pod = try request.requirePodInterface()
        let daemon = PasstDaemon(request: request, podInterface: pod)
        let interface = request.interface
        let device = PasstDevice(
            name: interface.name, socketPath: daemon.socketPath,
            model: interface.effectiveModel,
            macAddress: request.guestMACAddress(fallback: nil), bootOrder: interface.bootOrder)
        return BindingPlan(
            interface: interface.name, podInterface: pod.name,
            steps: [
                .setSysctl(key: "net/ipv4/ping_group_range", value: "\(daemon.group) \(daemon.group)"),
                .custom(daemon.step(plugin: manifest.name)),
            ],
            device: .qemuCommandLine(device.qemuCommandLine))
    }

    public func apply(_ step: CustomStep) throws(PlanError) {
        try PasstDaemon(step, plugin: manifest.name).start()
    }

    public func revert(_ step: CustomStep) throws(PlanError) {
        try PasstDaemon(step, plugin: manifest.name).stop()
    }
}
