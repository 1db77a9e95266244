import Foundation
import Testing
import VMNetCore
import VMNetPluginHost

@Suite("A plugin written in plain C")
struct CPluginTests {
    @Test("it loads beside the built-ins and answers describe, validate and plan")
    func loadsAndAnswers() throws {
        let folder = try TemporaryFolder()
        let path = try folder.folder("plugins") + "/libVMNetBindingMacvtap.so"
        try compileCPlugin("macvtap.c", to: path)
        #expect(try exportedSymbols(of: path) == ["vmnet_plugin_entry"])
        let registry = PluginRegistry(searchPath: PluginSearchPath(folders: [
            .init(path: buildFolder, origin: .executable), .init(path: folder.path + "/plugins", origin: .option),
        ]))
        #expect(registry.refused.map(\.description) == [])
        let plugin = try #require(registry.plugins(named: "cmacvtap").first)
        #expect(plugin.kind == .binding && plugin.version == "1.0.0" && plugin.file == path)
        guard case .binding(let manifest) = plugin.manifest else { Issue.record("not a binding"); return }
        #expect(manifest.capabilities.backends == ["multus"])

        let unfixed = try validate(oneInterfaceVM(binding: "cmacvtap", backend: "multus: {networkName: lan}"), with: registry.drivers)
        #expect(unfixed.diagnostics.map(\.formatted) == [
            "vm.yaml:7:9: error: spec.domain.devices.interfaces[0]: a macvtap interface needs a fixed macAddress, or the guest's MAC changes on every start [macvtap-mac-required]"
        ])
        let fixed = try validate(
            oneInterfaceVM(binding: "cmacvtap", fields: "macAddress: 02:11:22:33:44:55", backend: "multus: {networkName: lan}"),
            with: registry.drivers)
        #expect(fixed.diagnostics == [])
        // The plugin speaks contract 1.0 only, so it gets ports as objects (1.1 sends a bare port as a number).
        let withPorts = try validate(
            oneInterfaceVM(
                binding: "cmacvtap", fields: "macAddress: 02:11:22:33:44:55\n        ports: [{port: 80}]",
                backend: "multus: {networkName: lan}"),
            with: registry.drivers)
        #expect(plugin.contractVersion.description == "1.0")
        #expect(!withPorts.diagnostics.contains { $0.message.contains("not an object") }, "\(withPorts.diagnostics.map(\.formatted))")
        let onPod = try validate(oneInterfaceVM(binding: "cmacvtap", fields: "macAddress: 02:11:22:33:44:55"), with: registry.drivers)
        #expect(onPod.diagnostics.map(\.rule) == ["binding-network-unsupported"], "the core enforces the C plugin's declared backends")

        let macvtap = try #require(registry.drivers.bindings["cmacvtap"])
        let vm = try #require(fixed.machines.first).vm
        let request = BindingPlanRequest(
            vm: vm, interfaceIndex: 0, config: ClusterConfig(),
            podInterface: PodInterface(name: "net1", macAddress: "0a:58:0a:f4:00:05"), isPrimary: false)
        let plan = try macvtap.plan(request)
        #expect(plan == BindingPlan(interface: "net", podInterface: "net1", device: .interface(DomainInterface(name: "net", targetDevice: "mvt-net1"))))
        var unassigned = request
        unassigned.podInterface = nil
        #expect(throws: PlanError("macvtap needs the Multus pod interface to attach to")) { try macvtap.plan(unassigned) }
        #expect(throws: PlanError("macvtap plans no custom steps")) { try macvtap.apply(CustomStep(plugin: "cmacvtap", name: "x")) }
    }

    @Test("a plugin that cannot answer validate gives a plugin-failed error; one that cannot plan names itself")
    func failingPlugin() throws {
        let folder = try TemporaryFolder()
        let path = try folder.folder("plugins") + "/libBroken.so"
        try compileCPlugin("broken.c", to: path)
        let registry = PluginRegistry(searchPath: PluginSearchPath(folders: [
            .init(path: buildFolder, origin: .executable), .init(path: folder.path + "/plugins", origin: .option),
        ]))
        let report = try validate(oneInterfaceVM(binding: "broken"), with: registry.drivers)
        #expect(report.diagnostics.map(\.formatted) == [
            "vm.yaml:7:9: error: spec.domain.devices.interfaces[0]: the binding plugin 'broken' (\(path)) could not check this interface: it refused the validate request (status 3): unknown operation [plugin-failed]"
        ])
        let broken = try #require(registry.drivers.bindings["broken"])
        let vm = try #require(report.machines.first).vm
        let request = BindingPlanRequest(vm: vm, interfaceIndex: 0, config: ClusterConfig(), podInterface: nil, isPrimary: true)
        #expect(throws: PlanError("the binding plugin 'broken' (\(path)) refused the plan request (status 3): unknown operation")) {
            try broken.plan(request)
        }
    }
}
