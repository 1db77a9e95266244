import Foundation
import Testing
import VMNetCore
import VMNetPluginHost
import VMNetTestKit

@Suite("A Swift plugin from another package")
struct OutOfTreePluginTests {
    /// Builds `Tests/Plugins/OutOfTree` with its own scratch folder inside this package's `.build`, so a second
    /// run is incremental, and returns the folder holding its `.so`.
    static func build() throws -> String {
        let scratch = packageRoot + "/.build/out-of-tree"
        let result = try Command(
            "/usr/bin/env",
            ["swift", "build", "--package-path", packageRoot + "/Tests/Plugins/OutOfTree", "--scratch-path", scratch]
        ).run()
        guard result.status == 0 else { throw CommandError("build failed:\n\(result.stdout)\(result.stderr)") }
        #expect(!result.stdout.contains("warning:"), "\(result.stdout)")
        return scratch + "/debug"
    }

    @Test("it builds against VMNetPluginKit, loads beside the built-ins and answers validate, plan, apply and revert",
          .timeLimit(.minutes(10)))
    func buildsAndLoads() throws {
        let folder = try Self.build()
        let file = folder + "/libVMNetBindingSample.so"
        #expect(try exportedSymbols(of: file) == ["vmnet_plugin_entry"])
        let registry = PluginRegistry(searchPath: PluginSearchPath(folders: [
            .init(path: buildFolder, origin: .executable), .init(path: folder, origin: .option),
        ]))
        #expect(registry.refused.map(\.description) == [])
        #expect(registry.drivers.bindingNames == ["bridge", "macvtap", "masquerade", "passt", "sample", "slirp", "sriov"])
        let plugin = try #require(registry.plugins(named: "sample").first)
        #expect(plugin.file == file && plugin.version == "0.3.0" && plugin.kind == .binding)

        let report = try validate(oneInterfaceVM(binding: "sample", fields: "model: e1000"), with: registry.drivers)
        #expect(report.diagnostics.map(\.formatted) == [
            "vm.yaml:9:16: warning: spec.domain.devices.interfaces[0].model: sample is only tested with virtio, not e1000 [sample-model]"
        ])
        let onMultus = try validate(oneInterfaceVM(binding: "sample", backend: "multus: {networkName: lan}"), with: registry.drivers)
        #expect(onMultus.diagnostics.map(\.rule) == ["binding-network-unsupported"])

        let sample = try #require(registry.drivers.bindings["sample"])
        let vm = try #require(report.machines.first).vm
        let request = BindingPlanRequest(
            vm: vm, interfaceIndex: 0, config: ClusterConfig(),
            podInterface: PodInterface(name: "eth0", macAddress: "0a:58:0a:f4:00:05"), isPrimary: true)
        let plan = try sample.plan(request)
        let start = CustomStep(plugin: "sample", name: "start-sample", arguments: ["interface": "eth0"])
        #expect(plan.steps == [.custom(start)])
        #expect(plan.device == .interface(DomainInterface(name: "net", targetDevice: "sample-net")))
        try sample.apply(start)
        try sample.revert(start)
        #expect(throws: PlanError("sample has no custom step 'stop' with arguments [:]")) {
            try sample.apply(CustomStep(plugin: "sample", name: "stop"))
        }
        var unassigned = request
        unassigned.podInterface = nil
        #expect(throws: PlanError("sample needs the pod interface, and none was assigned to interface net")) {
            try sample.plan(unassigned)
        }
    }
}
