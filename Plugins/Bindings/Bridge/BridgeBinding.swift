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
            servesDHCP: true,
            migrationBlockedOn: ["pod"],
            states: [.up, .down, .absent]
        )
    )

    /// The pod interface joins a new bridge with its addresses removed and a derived MAC; the guest gets the
    /// pod interface's MAC (unless `macAddress` is set) and, by DHCP from the bridge's link-local address, its IPv4
    /// address, gateway and routes.
    public func plan(_ request: BindingPlanRequest) throws(PlanError) -> BindingPlan {
        let pod = try request.requirePodInterface()
        let bridge = LinkNames.bridge(for: pod.name)
        let tap = LinkNames.tap(for: pod.name, isPrimary: request.isPrimary)
        var steps: [HostStep] = [
            .createBridge(name: bridge, macAddress: nil, mtu: pod.mtu),
            .setLinkState(link: pod.name, up: false),
        ]
        steps += pod.addresses.map { .removeAddress(link: pod.name, address: $0) }
        steps += [
            .setMACAddress(link: pod.name, macAddress: Self.replacementMAC(for: pod.macAddress)),
            .setMaster(link: pod.name, master: bridge),
            .setLearning(link: pod.name, enabled: false),
            .setLinkState(link: pod.name, up: true),
        ]
        var dhcp: DHCPServerPlan?
        if let address = pod.ipv4Address {
            let server = Self.serverAddress(forInterfaceAt: request.interfaceIndex)
            steps.append(.addAddress(link: bridge, address: IPNetwork(address: server, prefixLength: 32)))
            let subnet = IPNetwork(address: address.networkAddress, prefixLength: address.prefixLength)
            let ipv4Routes = pod.routes.filter { !$0.isIPv6 }
            dhcp = DHCPServerPlan(
                interface: bridge, serverAddress: server, clientAddress: address,
                clientMACAddress: request.guestMACAddress(fallback: pod.macAddress),
                router: ipv4Routes.first { $0.gateway != nil }?.gateway,
                routes: ipv4Routes.filter { $0.destination != subnet },
                mtu: pod.mtu, hostname: request.hostname,
                tftpServerName: request.interface.dhcpOptions?.tftpServerName,
                bootFileName: request.interface.dhcpOptions?.bootFileName)
        }
        steps += [
            request.createTap(tap, mtu: pod.mtu),
            .setMaster(link: tap, master: bridge),
            .setLinkState(link: tap, up: true),
            .setLinkState(link: bridge, up: true),
        ]
        return BindingPlan(
            interface: request.interface.name, podInterface: pod.name, steps: steps, dhcp: dhcp,
            device: request.tapDevice(target: tap, macAddress: request.guestMACAddress(fallback: pod.macAddress), mtu: pod.mtu))
    }

    /// The link-local address the DHCP server answers from: KubeVirt's `169.254.75.1<i>` for the interface at
    /// index i (`169.254.75.10` … `169.254.75.199`); KubeVirt's concatenation stops being an address at i = 100, so
    /// the indexes up to the 256-interface limit continue at `169.254.76.0`.
    static func serverAddress(forInterfaceAt index: Int) -> IPAddress {
        let text = index < 100 ? "169.254.75.1\(index)" : "169.254.76.\(index - 100)"
        return IPAddress(text)!
    }

    /// The MAC the pod interface takes once the guest has its own: locally administered, unicast, and derived from
    /// the original so the same pod always plans the same steps.
    static func replacementMAC(for original: String) -> String {
        MACAddress(derivedFrom: "vmnet-bridge:\(original.lowercased())").description
    }
}
