import Testing
import VMNetCore
import VMNetPluginHost

/// The macvtap binding, loaded from its .so like a third party's, selected by its key (`macvtap: {}`).
@Suite("The macvtap binding plugin")
struct MacvtapPluginTests {
    static let drivers = BuiltinPluginTests.registry.drivers
    static let mac = "0a:58:0a:f4:00:05"

    func plan(_ fields: String = "", backend: String = "pod: {}", pod: PodInterface, isPrimary: Bool = true) throws -> BindingPlan {
        let report = try validate(oneInterfaceVM(binding: "macvtap", fields: fields, backend: backend), with: Self.drivers)
        #expect(report.diagnostics == [], "\(report.diagnostics.map(\.formatted))")
        let vm = try #require(report.machines.first).vm
        let macvtap = try #require(Self.drivers.bindings["macvtap"])
        return try macvtap.plan(BindingPlanRequest(
            vm: vm, interfaceIndex: 0, config: ClusterConfig(), podInterface: pod, isPrimary: isPrimary))
    }

    @Test("the pod interface yields its addresses and MAC; a macvtap on it takes the MAC; the guest is an ethernet NIC on it")
    func podNetwork() throws {
        let pod = PodInterface(
            name: "eth0", macAddress: Self.mac, addresses: [(try IPNetwork(parsing: "10.244.0.5/24")), (try IPNetwork(parsing: "fd00:10:244::5/64"))])
        let plan = try plan(pod: pod)
        guard case .setMACAddress(_, let derived) = plan.steps[3] else { Issue.record("\(plan.steps)"); return }
        #expect(plan.steps == [
            .setLinkState(link: "eth0", up: false),
            .removeAddress(link: "eth0", address: (try IPNetwork(parsing: "10.244.0.5/24"))),
            .removeAddress(link: "eth0", address: (try IPNetwork(parsing: "fd00:10:244::5/64"))),
            .setMACAddress(link: "eth0", macAddress: derived),
            .setLinkState(link: "eth0", up: true),
            .createMACVLAN(name: "tap0", parent: "eth0", macAddress: Self.mac, characterDevice: true),
            .setLinkState(link: "tap0", up: true),
        ])
        #expect(derived != Self.mac && derived.hasPrefix("02:"), "a locally administered MAC derived from the pod's")
        #expect(plan.dhcp == nil)
        #expect(plan.device == .interface(DomainInterface(name: "net", targetDevice: "tap0", macAddress: Self.mac, mtu: 1500)))
    }

    @Test("a VM's own MAC goes to the macvtap and the pod interface keeps its own")
    func customMAC() throws {
        let plan = try plan("macAddress: 02:11:22:33:44:55", pod: PodInterface(name: "eth0", macAddress: Self.mac))
        #expect(!plan.steps.contains { if case .setMACAddress = $0 { true } else { false } })
        #expect(plan.steps.contains(.createMACVLAN(name: "tap0", parent: "eth0", macAddress: "02:11:22:33:44:55", characterDevice: true)))
    }

    @Test("on a Multus network the macvtap sits on the secondary pod interface, named as its tap")
    func multus() throws {
        let plan = try plan(backend: "multus: {networkName: lan}", pod: PodInterface(name: "net1", macAddress: Self.mac, mtu: 9000), isPrimary: false)
        let tap = LinkNames.tap(for: "net1", isPrimary: false)
        #expect(plan.steps.last == .setLinkState(link: tap, up: true))
        #expect(plan.device == .interface(DomainInterface(name: "net", targetDevice: tap, macAddress: Self.mac, mtu: 9000)))
    }

    @Test("the core blocks live migration on every backend, as KubeVirt registers the plugin without migration")
    func migration() throws {
        let macvtap = try #require(Self.drivers.bindings["macvtap"])
        #expect(macvtap.manifest.capabilities.migrationBlockedOn == [])
        #expect(macvtap.manifest.capabilities.servesDHCP == false && macvtap.manifest.capabilities.forwardsPorts == false)
        let genie = try validate(oneInterfaceVM(binding: "macvtap", backend: "genie: {networkName: a}"), with: Self.drivers)
        #expect(genie.diagnostics.map(\.rule).contains("binding-network-unsupported"))
    }
}
