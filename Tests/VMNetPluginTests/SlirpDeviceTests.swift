import Foundation
import Testing
import VMNetCore
import VMNetEngine
import VMNetManifest

/// The slirp plugin's device: KubeVirt's historic slirp arguments, handed to QEMU as a command-line device.
@Suite("The slirp plugin's QEMU arguments")
struct SlirpDeviceTests {
    static let slirp = BuiltinPluginTests.registry.drivers.bindings["slirp"]!

    /// The arguments the loaded slirp plugin plans for one interface with the YAML `fields`.
    static func arguments(fields: String = "", name: String = "default") throws -> [String] {
        let text = oneInterfaceVM(binding: "slirp", fields: fields)
        var vm = try ManifestDecoder(drivers: BuiltinPluginTests.registry.drivers).decode(text, file: "vm.yaml").machines[0].vm
        vm.interfaces?[0].name = name
        vm.networks?[0].name = name
        let plan = try slirp.plan(
            BindingPlanRequest(vm: vm, interfaceIndex: 0, config: ClusterConfig(), podInterface: nil, isPrimary: true))
        guard case .qemuCommandLine(let device) = plan.device else {
            Issue.record("slirp planned \(plan.device), not a QEMU command-line device")
            return []
        }
        #expect(device.name == name)
        return device.arguments
    }

    @Test("are KubeVirt's -netdev user and JSON -device, with one hostfwd per port")
    func arguments() throws {
        let fields = ["ports: [{port: 80}, {port: 53, protocol: UDP}, {port: 80, protocol: TCP}]", "model: virtio", #"macAddress: "02:00:00:00:00:09""#]
            .joined(separator: "\n        ")
        #expect(
            try Self.arguments(fields: fields) == [
                "-netdev", "user,id=default,net=10.0.2.0/24,hostfwd=tcp::80-:80,hostfwd=udp::53-:53",
                "-device", #"{"driver":"e1000","netdev":"default","id":"default","mac":"02:00:00:00:00:09"}"#,
            ])
    }

    @Test(
        "force the model to e1000 unless rtl8139 was asked for",
        arguments: [("e1000", "e1000"), ("e1000e", "e1000"), ("ne2k_pci", "e1000"), ("pcnet", "e1000"), ("rtl8139", "rtl8139"), ("virtio", "e1000")])
    func model(model: String, driver: String) throws {
        #expect(try Self.arguments(fields: "model: \(model)").last == #"{"driver":"\#(driver)","netdev":"default","id":"default"}"#)
    }

    @Test("default to QEMU's 10.0.2.0/24 with no MAC or forward")
    func defaults() throws {
        #expect(
            try Self.arguments(name: "n")
                == ["-netdev", "user,id=n,net=10.0.2.0/24", "-device", #"{"driver":"e1000","netdev":"n","id":"n"}"#])
    }

    @Test("double commas inside option values and escape JSON strings")
    func escapes() throws {
        let arguments = try Self.arguments(name: #"a"b\c,d"#)
        #expect(arguments[1] == #"user,id=a"b\c,,d,net=10.0.2.0/24"#)
        #expect(arguments[3] == #"{"driver":"e1000","netdev":"a\"b\\c,d","id":"a\"b\\c,d"}"#)
    }
}
