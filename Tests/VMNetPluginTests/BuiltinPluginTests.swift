import Foundation
import Testing
import VMNetCore
import VMNetEngine
import VMNetManifest
import VMNetPluginHost

@Suite("The nine built-in drivers, loaded from their .so files")
struct BuiltinPluginTests {
    static let registry = PluginRegistry(searchPath: .besideExecutable)

    @Test("all nine load from the .so files beside the test binary, and nothing there is refused")
    func allNineLoad() {
        let registry = Self.registry
        #expect(registry.refused.map(\.description) == [])
        let found = registry.plugins.map { "\($0.kind) \($0.name) \(URL(fileURLWithPath: $0.file).lastPathComponent)" }
        #expect(Set(found) == Set(builtinPlugins.map { "\($0.kind) \($0.name) \($0.file)" }))
        #expect(registry.drivers.bindingNames == ["bridge", "macvtap", "masquerade", "passt", "slirp", "sriov"])
        #expect(registry.drivers.backendNames == ["genie", "multus", "pod"])
        for plugin in registry.plugins {
            #expect(plugin.abiVersion == 1)
            #expect(plugin.contractVersions == ["1.0", "1.1", "1.2", "1.3"])
            #expect(plugin.contractVersion.description == "1.3")
            #expect(plugin.loadDuration > .zero && plugin.loadDuration < .seconds(1))
        }
    }

    @Test("every spec example validates clean through the loaded plugins", arguments: specFiles)
    func specExample(file: String) throws {
        let drivers = Self.registry.drivers
        let report = try ManifestDecoder(drivers: drivers).decode(contentsOf: file).validate(with: Validator(drivers: drivers))
        #expect(report.diagnostics == [], "\(report.diagnostics.map(\.formatted))")
    }

    @Test("a driver's own checks run in its plugin and come back with their positions")
    func driverCheckCrossesTheBoundary() throws {
        let report = try validate(oneInterfaceVM(binding: "bridge", backend: "multus: {networkName: a/b/c}"), with: Self.registry.drivers)
        let found = report.diagnostics.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.rule)" }
        #expect(found == ["11:27 network-name-malformed"])
    }

    @Test("each built-in .so exports exactly vmnet_plugin_entry", arguments: builtinPlugins.map(\.file))
    func exportsOnlyTheEntry(file: String) throws {
        #expect(try exportedSymbols(of: buildFolder + "/" + file) == ["vmnet_plugin_entry"])
    }

    @Test("the entry symbol returns the same descriptor every time")
    func sameDescriptor() throws {
        let path = buildFolder + "/libVMNetBindingBridge.so"
        #expect(try RawPlugin(path).address == RawPlugin(path).address)
        #expect(try RawPlugin(path).name == "bridge")
    }

    @Test("a PlanError thrown inside a plugin reaches vmnet in the plugin's own words")
    func planErrorCrosses() throws {
        let report = try validate(oneInterfaceVM(binding: "sriov", backend: "multus: {networkName: sriov-net}"), with: Self.registry.drivers)
        let vm = try #require(report.machines.first).vm
        let sriov = try #require(Self.registry.drivers.bindings["sriov"])
        let request = BindingPlanRequest(vm: vm, interfaceIndex: 0, config: ClusterConfig(), podInterface: nil, isPrimary: false)
        #expect(throws: PlanError("no SR-IOV virtual function is allocated to interface net")) { try sriov.plan(request) }
        let function = try PCIAddress(parsing: "0000:3b:02.1")
        var allocated = request
        allocated.hostDevice = function
        let plan = try sriov.plan(allocated)
        #expect(plan.device == .hostDevice(DomainHostDevice(name: "net", alias: "ua-sriov-net", sourceAddress: function)))
    }

    @Test("a backend plans through the boundary")
    func backendPlans() throws {
        let report = try validate(oneInterfaceVM(binding: "masquerade"), with: Self.registry.drivers)
        let vm = try #require(report.machines.first).vm
        let pod = try #require(Self.registry.drivers.backends["pod"])
        let plan = try pod.plan(BackendPlanRequest(vm: vm, networkIndexes: [0], config: ClusterConfig()))
        #expect(plan == BackendPlan(assignments: [.init(network: "net", podInterface: "eth0", isPrimary: true)]))
    }

    static let malformed: [(plugin: String, operation: String, request: String, status: Int32, error: String)] = [
        ("libVMNetBindingBridge.so", "validate", "not json", 2, "the validate request is not a vmnet request document"),
        ("libVMNetBindingBridge.so", "plan", #"{"contractVersion":"1.0","request":{"vm":1}}"#, 2, "the plan request is not a BindingPlanRequest"),
        ("libVMNetBindingBridge.so", "frobnicate", #"{"contractVersion":"1.0","request":{}}"#, 3, "unknown operation 'frobnicate'"),
        ("libVMNetBindingBridge.so", "describe", #"{"contractVersion":"9.9","request":{}}"#, 2, "does not speak contract version 9.9; it speaks 1.0"),
        ("libVMNetBindingBridge.so", "apply", #"{"contractVersion":"1.0","request":{"plugin":"bridge","name":"x","arguments":{}}}"#, 1, "the bridge binding has no custom step 'x'"),
        ("libVMNetBackendPod.so", "revert", #"{"contractVersion":"1.0","request":{"plugin":"pod","name":"x","arguments":{}}}"#, 3, "the pod backend has no custom steps to revert"),
        ("libVMNetBackendMultus.so", "validate", "", 2, "the validate request is not a vmnet request document"),
    ]

    @Test("a malformed request gets an error document, never a crash", arguments: malformed)
    func malformedRequest(_ example: (plugin: String, operation: String, request: String, status: Int32, error: String)) throws {
        let (status, response) = try RawPlugin(buildFolder + "/" + example.plugin).call(example.operation, example.request)
        #expect(status == example.status)
        let failure = try JSONDecoder().decode(PluginFailure.self, from: Data(response.utf8))
        #expect(failure.error.contains(example.error), "\(failure.error)")
    }
}
