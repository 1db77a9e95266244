import Foundation
import Testing
import VMNetCore
import VMNetEngine
import VMNetManifest

@Suite("The spec's examples")
struct SpecExampleTests {
    static let files = try! FileManager.default.contentsOfDirectory(atPath: specFixtures.path)
        .filter { $0.hasSuffix(".yaml") }.sorted()

    @Test("every example validates clean", arguments: files)
    func validatesClean(file: String) throws {
        let path = specFixtures.appendingPathComponent(file).path
        let set = try ManifestDecoder(drivers: drivers).decode(contentsOf: path)
        let report = set.validate(with: Validator(drivers: drivers))
        #expect(report.diagnostics == [], "\(report.diagnostics.map(\.formatted))")
    }

    @Test("all sixteen YAML examples are there: twelve VMs, three attachment definitions, one ConfigMap")
    func inventory() throws {
        var set = ManifestSet()
        for file in Self.files {
            set.append(try ManifestDecoder(drivers: drivers).decode(contentsOf: specFixtures.appendingPathComponent(file).path))
        }
        #expect(set.machines.count == 12)
        #expect(set.attachments.map(\.name).sorted() == ["macvlan-test", "ovs-vlan-100", "ptp-mac"])
        #expect(set.configs.count == 1)
    }

    @Test("a VM without interfaces gets the default pod network with a bridge interface")
    func defaultInterface() throws {
        let path = specFixtures.appendingPathComponent("multiqueue.yaml").path
        let report = try ManifestDecoder(drivers: drivers).decode(contentsOf: path).validate(with: Validator(drivers: drivers))
        let vm = try #require(report.machines.first).vm
        #expect(vm.networks == [Network(name: "default", sources: [NetworkSource(backend: "pod")])])
        #expect(vm.interfaces == [Interface(name: "default", bindings: [BindingMethod(name: "bridge")])])
    }

    @Test("the cluster's defaultNetworkInterface picks the default binding")
    func defaultBindingFromConfig() throws {
        let text = """
            kind: VM
            spec: {domain: {devices: {}}}
            ---
            kind: ConfigMap
            metadata: {name: kubevirt-config}
            data: {defaultNetworkInterface: masquerade}
            """
        let report = try ManifestDecoder(drivers: drivers).decode(text, file: "x.yaml").validate(with: Validator(drivers: drivers))
        #expect(report.machines.first?.vm.interfaces?.first?.bindings == [BindingMethod(name: "masquerade")])
        #expect(report.isValid)
    }

    @Test("autoattachPodInterface: false leaves the VM without a NIC")
    func noNetwork() throws {
        let path = specFixtures.appendingPathComponent("no-network.yaml").path
        let report = try ManifestDecoder(drivers: drivers).decode(contentsOf: path).validate(with: Validator(drivers: drivers))
        #expect(report.machines.first?.vm.interfaces == nil)
        #expect(report.machines.first?.vm.networks == nil)
    }

    @Test("with permitBridgeInterfaceOnPodNetwork false, the spec's bridge-on-pod default is refused")
    func configForbidsBridge() throws {
        let config = try String(contentsOf: specFixtures.appendingPathComponent("kubevirt-config-no-bridge.yaml"), encoding: .utf8)
        let found = try diagnostics(of: "kind: VM\nspec: {domain: {devices: {}}}\n---\n" + config)
        #expect(found.map(\.rule) == ["default-binding-not-permitted"])
        #expect(found.first?.path == "spec.domain.devices")
    }
}
