import VMNetCore

/// The `masquerade` binding: the guest gets a private address behind NAT to the pod's address, with the listed
/// ports (or all) forwarded in.
public struct MasqueradeBinding: Binding {
    /// The MAC address of the in-pod bridge, which a guest must not take.
    public static let bridgeMACAddress = "02:00:00:00:00:00"

    /// The guest's IPv4 network, `pod: {vmNetworkCIDR: …}`.
    static let ipv4Network = GuestNetworkOption("vmNetworkCIDR", family: .ipv4, defaultNetwork: try! IPNetwork(parsing: "10.0.2.0/24"))
    /// The guest's IPv6 network, `pod: {vmIPv6NetworkCIDR: …}`, used when the pod has global IPv6.
    static let ipv6Network = GuestNetworkOption(
        "vmIPv6NetworkCIDR", family: .ipv6, defaultNetwork: try! IPNetwork(parsing: "fd10:0:2::/120"))

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
            ],
            addressFamilies: [.ipv4, .ipv6],
            networkOptions: ["pod": [MasqueradeBinding.ipv4Network.spec, MasqueradeBinding.ipv6Network.spec]]
        )
    )

    /// The guest networks the interface's pod network sets must parse and leave room for a gateway and a guest.
    public func validate(_ request: BindingValidationRequest) -> [Diagnostic] {
        Self.ipv4Network.diagnostics(request) + Self.ipv6Network.diagnostics(request)
    }

    /// The guest sits on a private bridge (`10.0.2.0/24` by default, and `fd10:0:2::/120` when the pod has
    /// global IPv6) behind NAT on the pod interface; the listed ports (or all) are forwarded to it.
    public func plan(_ request: BindingPlanRequest) throws(PlanError) -> BindingPlan {
        let pod = try request.requirePodInterface()
        let bridge = LinkNames.bridge(for: pod.name)
        let tap = LinkNames.tap(for: pod.name, isPrimary: request.isPrimary)
        var steps: [HostStep] = [.createBridge(name: bridge, macAddress: Self.bridgeMACAddress, mtu: pod.mtu)]
        var rules: [NATRule] = []
        var dhcp: DHCPServerPlan?
        var ipv6Guest: IPAddress?
        for family in [IPFamily.ipv4, .ipv6] {
            let hasAddress = family == .ipv4 ? pod.ipv4Address != nil : pod.ipv6Address != nil
            guard hasAddress else { continue }
            let network = try (family == .ipv4 ? Self.ipv4Network : Self.ipv6Network).network(request)
            let gateway = network.host(1), guest = network.host(2)
            steps.append(.addAddress(link: bridge, address: IPNetwork(address: gateway, prefixLength: network.prefixLength)))
            if family == .ipv4 {
                steps += [
                    .setSysctl(key: "net/ipv4/ip_forward", value: "1"),
                    .setSysctl(key: "net/ipv4/conf/\(bridge)/route_localnet", value: "1"),
                ]
                dhcp = DHCPServerPlan(
                    interface: bridge, serverAddress: gateway,
                    clientAddress: IPNetwork(address: guest, prefixLength: network.prefixLength),
                    clientMACAddress: nil, router: gateway, mtu: pod.mtu, hostname: request.hostname,
                    tftpServerName: request.interface.dhcpOptions?.tftpServerName,
                    bootFileName: request.interface.dhcpOptions?.bootFileName)
            } else {
                steps.append(.setSysctl(key: "net/ipv6/conf/all/forwarding", value: "1"))
                ipv6Guest = guest
            }
            rules += Self.natRules(family, podInterface: pod.name, bridge: bridge, gateway: gateway, guest: guest,
                                   ports: request.interface.ports ?? [])
        }
        dhcp?.ipv6ClientAddress = ipv6Guest
        steps += [
            request.createTap(tap, mtu: pod.mtu),
            .setMaster(link: tap, master: bridge),
            .setLinkState(link: tap, up: true),
            .setLinkState(link: bridge, up: true),
        ]
        if !rules.isEmpty {
            steps.append(.addNATRules(chains: [Self.preInbound, Self.postInbound], rules: rules))
        }
        return BindingPlan(
            interface: request.interface.name, podInterface: pod.name, steps: steps, dhcp: dhcp,
            device: request.tapDevice(target: tap, macAddress: request.guestMACAddress(fallback: pod.macAddress), mtu: pod.mtu))
    }

    static let preInbound = "KUBEVIRT_PREINBOUND"
    static let postInbound = "KUBEVIRT_POSTINBOUND"

    /// KubeVirt's masquerade NAT (reference §3.2, in its iptables form): egress masqueraded to the pod's
    /// address; inbound traffic on the pod interface, and traffic the pod sends to loopback, sent to the guest —
    /// every port, or only the listed ones.
    static func natRules(
        _ family: IPFamily, podInterface: String, bridge: String, gateway: IPAddress, guest: IPAddress, ports: [Port]
    ) -> [NATRule] {
        let loopback = IPAddress(family == .ipv4 ? "127.0.0.1" : "::1")!
        var rules: [NATRule] = [
            NATRule(family, chain: "POSTROUTING", source: guest, target: .masquerade),
            NATRule(family, chain: "PREROUTING", inInterface: podInterface, target: .jump(preInbound)),
            NATRule(family, chain: "POSTROUTING", outInterface: bridge, target: .jump(postInbound)),
        ]
        guard !ports.isEmpty else {
            return rules + [
                NATRule(family, chain: preInbound, target: .dnat(to: guest)),
                NATRule(family, chain: postInbound, source: loopback, target: .snat(to: gateway)),
                NATRule(family, chain: "OUTPUT", destination: loopback, target: .dnat(to: guest)),
            ]
        }
        var seen: Set<String> = []
        for port in ports {
            guard let number = port.port else { continue }
            let transport = port.effectiveProtocol.lowercased()
            guard seen.insert("\(transport)/\(number)").inserted else { continue }
            rules += [
                NATRule(family, chain: preInbound, transport: transport, destinationPort: number, target: .dnat(to: guest)),
                NATRule(family, chain: postInbound, transport: transport, destinationPort: number, source: loopback, target: .snat(to: gateway)),
                NATRule(family, chain: "OUTPUT", transport: transport, destinationPort: number, destination: loopback, target: .dnat(to: guest)),
            ]
        }
        return rules
    }
}
