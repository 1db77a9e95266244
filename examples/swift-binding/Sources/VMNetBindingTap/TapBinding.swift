import VMNetCore

/// The `tap` binding: the guest's NIC is a tap in the pod's network namespace, attached by libvirt as an
/// ethernet interface. It serves no DHCP and forwards no ports: the guest configures its own addresses.
struct TapBinding: Binding {
    let manifest = BindingManifest(
        name: "tap",
        displayName: "Tap",
        version: "1.0.0",
        summary: "Attaches the guest NIC to a tap in the pod; no DHCP, no ports: the guest configures itself.",
        capabilities: BindingCapabilities(addressFamilies: [])
    )

    /// A tap named after the pod interface (`tap0` for the primary one, `tap1` for `net1`), up, and the NIC on it
    /// with the pod interface's MAC (unless the VM sets one) and MTU.
    func plan(_ request: BindingPlanRequest) throws(PlanError) -> BindingPlan {
        let pod = try request.requirePodInterface()
        let tap = LinkNames.tap(for: pod.name, isPrimary: request.isPrimary)
        return BindingPlan(
            interface: request.interface.name, podInterface: pod.name,
            steps: [request.createTap(tap, mtu: pod.mtu), .setLinkState(link: tap, up: true)],
            device: request.tapDevice(target: tap, macAddress: request.guestMACAddress(fallback: pod.macAddress), mtu: pod.mtu))
    }
}
