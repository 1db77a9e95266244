import VMNetCore

/// The `macvtap` binding, with KubeVirt's macvtap plugin's semantics: the guest sits directly on the pod interface's
/// network through a macvtap link stacked on it, with the pod interface's MAC and, by the network's own DHCP or
/// configuration, its address. vmnet serves no DHCP and forwards no port.
///
/// The pod interface yields its MAC and addresses to the guest (the kernel refuses a macvtap whose MAC its parent
/// holds, and two holders of the address would both answer ARP): it takes a MAC derived from its own and loses its
/// addresses, which `down` puts back with their routes.
public struct MacvtapBinding: Binding {
    /// Creates the binding.
    public init() {}

    public let manifest = BindingManifest(
        name: "macvtap",
        displayName: "macvtap",
        version: "0.1.0",
        summary: "Puts the guest on the pod interface's network through a macvtap with the pod's MAC; the network's DHCP, not vmnet's.",
        capabilities: BindingCapabilities(
            backends: ["pod", "multus"],
            forwardsPorts: false,
            servesDHCP: false,
            addressFamilies: [.ipv4, .ipv6],
            // KubeVirt registers the plugin without `migration`, which makes a VM using it non-migratable.
            migrationBlockedOn: []
        )
    )

    /// The pod interface down, its addresses removed, a derived MAC when the guest takes its own, up again; then
    /// the macvtap on it with the guest's MAC, up; the guest NIC is an ethernet interface on the macvtap's tap.
    public func plan(_ request: BindingPlanRequest) throws(PlanError) -> BindingPlan {
        let pod = try request.requirePodInterface()
        let link = LinkNames.tap(for: pod.name, isPrimary: request.isPrimary)
        let mac = request.guestMACAddress(fallback: pod.macAddress) ?? pod.macAddress
        var steps: [HostStep] = [.setLinkState(link: pod.name, up: false)]
        steps += pod.addresses.map { .removeAddress(link: pod.name, address: $0) }
        if mac.lowercased() == pod.macAddress.lowercased() {
            steps.append(.setMACAddress(link: pod.name, macAddress: Self.replacementMAC(for: pod.macAddress)))
        }
        steps += [
            .setLinkState(link: pod.name, up: true),
            .createMACVLAN(name: link, parent: pod.name, macAddress: mac, characterDevice: true),
            .setLinkState(link: link, up: true),
        ]
        return BindingPlan(
            interface: request.interface.name, podInterface: pod.name, steps: steps,
            device: request.tapDevice(target: link, macAddress: mac, mtu: pod.mtu))
    }

    /// The MAC the pod interface takes while the guest holds its own: locally administered, unicast, and derived
    /// from the original so the same pod always plans the same steps.
    static func replacementMAC(for original: String) -> String {
        MACAddress(derivedFrom: "vmnet-macvtap:\(original.lowercased())").description
    }
}
