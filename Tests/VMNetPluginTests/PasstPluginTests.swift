import Testing
import VMNetCore
import VMNetPluginHost

/// The passt binding, loaded from its .so like a third party's, selected by its key (`passt: {}`).
@Suite("The passt binding plugin")
struct PasstPluginTests {
    static let drivers = BuiltinPluginTests.registry.drivers
    static let pod = PodInterface(
        name: "eth0", macAddress: "0a:58:0a:f4:00:05", mtu: 1450, addresses: [IPNetwork(address: IPAddress("10.244.0.5")!, prefixLength: 24)])

    /// The plan of the one interface of a VM written with `fields`, on a pod whose taps belong to `owner`.
    func plan(_ fields: String = "", owner: UInt32 = 107) throws -> BindingPlan {
        let report = try validate(oneInterfaceVM(binding: "passt", fields: fields), with: Self.drivers)
        #expect(report.diagnostics == [], "\(report.diagnostics.map(\.formatted))")
        let vm = try #require(report.machines.first).vm
        let passt = try #require(Self.drivers.bindings["passt"])
        return try passt.plan(BindingPlanRequest(
            vm: vm, interfaceIndex: 0, config: ClusterConfig(), podInterface: Self.pod, isPrimary: true,
            tapOwner: owner, tapGroup: owner))
    }

    func daemon(of plan: BindingPlan) throws -> CustomStep {
        let steps = plan.steps.compactMap { if case .custom(let step) = $0 { step } else { nil } }
        return try #require(steps.first)
    }

    @Test("listed ports are forwarded by protocol; no link, NAT rule or DHCP")
    func listedPorts() throws {
        let plan = try plan("ports: [{port: 80}, {port: 443, protocol: TCP}, {port: 53, protocol: UDP}]")
        let step = try daemon(of: plan)
        #expect(step.plugin == "passt" && step.name == "start-passt")
        #expect(step.arguments["tcpPorts"] == "80,443" && step.arguments["udpPorts"] == "53")
        #expect(step.arguments["interface"] == "eth0" && step.arguments["mtu"] == "1450")
        #expect(step.arguments["user"] == "107" && step.arguments["group"] == "107")
        #expect(plan.steps == [.setSysctl(key: "net/ipv4/ping_group_range", value: "107 107"), .custom(step)])
        #expect(plan.dhcp == nil && plan.podInterface == "eth0" && plan.migrationBlocker == nil)
    }

    @Test("no ports forward every TCP and UDP port, as KubeVirt does; only UDP ports leave TCP closed")
    func allPorts() throws {
        let all = try daemon(of: try plan())
        #expect(all.arguments["tcpPorts"] == "all" && all.arguments["udpPorts"] == "all")
        let udp = try daemon(of: try plan("ports: [{port: 53, protocol: UDP}]"))
        #expect(udp.arguments["tcpPorts"] == "none" && udp.arguments["udpPorts"] == "53")
    }

    @Test("the device is QEMU's stream netdev on the socket of the step's folder, with the model, MAC and boot order")
    func device() throws {
        let written = try plan("model: e1000\n        macAddress: 02:11:22:33:44:55\n        bootOrder: 2")
        let folder = try #require(try daemon(of: written).arguments["directory"])
        #expect(folder.hasPrefix("/run/vmnet-passt/") && folder.count == "/run/vmnet-passt/".count + 16)
        #expect(written.device == .qemuCommandLine(QEMUCommandLineDevice(name: "net", arguments: [
            "-netdev", "stream,id=ua-net,server=off,addr.type=unix,addr.path=\(folder)/passt.socket",
            "-device", #"{"driver":"e1000","netdev":"ua-net","id":"ua-net","mac":"02:11:22:33:44:55","bootindex":2}"#,
        ])))
        let plain = try plan()
        #expect(plain.device == .qemuCommandLine(QEMUCommandLineDevice(name: "net", arguments: [
            "-netdev", "stream,id=ua-net,server=off,addr.type=unix,addr.path=\(folder)/passt.socket",
            "-device", #"{"driver":"virtio-net-pci","netdev":"ua-net","id":"ua-net"}"#,
        ])), "no MAC unless the VM sets one: passt answers from the pod's")
    }

    @Test("root's taps make passt drop to nobody, as passt does itself")
    func rootOwner() throws {
        let step = try daemon(of: try plan(owner: 0))
        #expect(step.arguments["user"] == "65534" && step.arguments["group"] == "65534")
    }

    @Test("the core keeps it to the pod network and lets it forward ports")
    func capabilities() throws {
        let onMultus = try validate(oneInterfaceVM(binding: "passt", backend: "multus: {networkName: lan}"), with: Self.drivers)
        #expect(onMultus.diagnostics.map(\.rule) == ["binding-network-unsupported"])
    }

    @Test("apply and revert refuse a step that is not theirs or lacks an argument, naming it")
    func malformedSteps() throws {
        let passt = try #require(Self.drivers.bindings["passt"])
        #expect(throws: PlanError("the passt binding has no custom step 'passt.start-slirp'")) {
            try passt.apply(CustomStep(plugin: "passt", name: "start-slirp"))
        }
        #expect(throws: PlanError("the start-passt step has no 'interface' argument")) {
            try passt.revert(CustomStep(plugin: "passt", name: "start-passt"))
        }
        var step = try daemon(of: try plan())
        step.arguments["directory"] = "/etc"
        #expect(throws: PlanError("the start-passt step's directory /etc is not a folder of /run/vmnet-passt")) {
            try passt.revert(step)
        }
    }
}
