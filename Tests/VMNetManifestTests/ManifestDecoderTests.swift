import Foundation
import Testing
import VMNetCore
import VMNetEngine
@testable import VMNetManifest

/// Drivers described by manifests only: decoding needs their names and option types, not their checks.
struct NamedBinding: Binding {
    let manifest: BindingManifest
    init(_ name: String) {
        manifest = BindingManifest(name: name, displayName: name, version: "1", summary: "", capabilities: BindingCapabilities())
    }

    func plan(_ request: BindingPlanRequest) throws(PlanError) -> BindingPlan {
        throw PlanError("decoding tests do not plan")
    }
}

struct NamedBackend: Backend {
    let manifest: BackendManifest
    init(_ name: String, options: [OptionSpec] = []) {
        manifest = BackendManifest(name: name, displayName: name, version: "1", summary: "", options: options, capabilities: BackendCapabilities())
    }

    func plan(_ request: BackendPlanRequest) throws(PlanError) -> BackendPlan {
        throw PlanError("decoding tests do not plan")
    }
}

let decoder = ManifestDecoder(drivers: DriverSet(
    bindings: [NamedBinding("bridge"), NamedBinding("masquerade")],
    backends: [NamedBackend("pod", options: [OptionSpec("vmNetworkCIDR", .string, summary: "")]),
               NamedBackend("multus", options: [OptionSpec("networkName", .string, summary: ""), OptionSpec("default", .bool, summary: "")])]
))

let vmiSpec = """
    domain:
      cpu: {cores: 2, sockets: 1, threads: 1}
      devices:
        networkInterfaceMultiqueue: true
        disks: [{name: root, disk: {bus: virtio}}]
        interfaces:
        - name: default
          masquerade: {}
          model: e1000
          macAddress: de:ad:00:00:be:af
          pciAddress: 0000:81:00.1
          bootOrder: 1
          bootFileName: boot.bin
          dhcpOptions: {tftpServerName: tftp.example.com}
          ports: [{name: http, port: 80, protocol: TCP}]
    networks:
    - name: default
      pod: {vmNetworkCIDR: 10.1.0.0/24}
    volumes: [{name: root, containerDisk: {image: x}}]
    """

let expectedVM = {
    var vm = VirtualMachine(
        name: "fedora", namespace: "prod",
        interfaces: [Interface(
            name: "default", bindings: [BindingMethod(name: "masquerade")], model: "e1000",
            macAddress: "de:ad:00:00:be:af", ports: [Port(name: "http", port: 80, protocol: "TCP")],
            pciAddress: "0000:81:00.1", bootOrder: 1,
            dhcpOptions: DHCPOptions(bootFileName: "boot.bin", tftpServerName: "tftp.example.com"))],
        networks: [Network(name: "default", sources: [NetworkSource(backend: "pod", options: ["vmNetworkCIDR": .string("10.1.0.0/24")])])],
        networkInterfaceMultiqueue: true)
    vm.cpu = CPUTopology(cores: 2, sockets: 1, threads: 1)
    return vm
}()

func indented(_ text: String, by spaces: Int) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { String(repeating: " ", count: spaces) + $0 }.joined(separator: "\n")
}

@Suite("Decoding manifests")
struct ManifestDecoderTests {
    @Test("VM, VirtualMachine and VirtualMachineInstance decode to the same networking model",
          arguments: [VirtualMachine.Kind.vm, .virtualMachine, .virtualMachineInstance])
    func threeShapes(kind: VirtualMachine.Kind) throws {
        let spec = kind == .virtualMachine
            ? "spec:\n  running: true\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n" + indented(vmiSpec, by: 6)
            : "spec:\n" + indented(vmiSpec, by: 2)
        let text = "apiVersion: kubevirt.io/v1\nkind: \(kind.rawValue)\nmetadata: {name: fedora, namespace: prod}\n" + spec
        let set = try decoder.decode(text, file: "vm.yaml")
        #expect(set.diagnostics == [])
        var expected = expectedVM
        expected.kind = kind
        #expect(set.machines.map(\.vm) == [expected])
    }

    @Test("positions are recorded for every networking field, under the kind's spec path")
    func positions() throws {
        let text = "kind: VirtualMachine\nmetadata: {name: fedora, namespace: prod}\nspec:\n  template:\n    spec:\n" + indented(vmiSpec, by: 6)
        let map = try #require(try decoder.decode(text, file: "vm.yaml").machines.first).sourceMap
        #expect(map.location(of: "spec.template.spec.domain.devices.interfaces[0].macAddress") == SourceLocation(file: "vm.yaml", line: 15, column: 25))
        #expect(map.location(of: "spec.template.spec.networks[0].pod.vmNetworkCIDR") == SourceLocation(file: "vm.yaml", line: 23, column: 30))
        #expect(map.location(of: "spec.template.spec.domain.devices.interfaces[0].dhcpOptions.bootFileName") == SourceLocation(file: "vm.yaml", line: 18, column: 27))
    }

    @Test("several documents per file: VMs, attachment definitions and the cluster config")
    func multipleDocuments() throws {
        let text = """
            kind: VM
            spec: {domain: {devices: {}}}
            ---
            kind: VM
            metadata: {name: second}
            spec: {domain: {devices: {}}}
            ---
            kind: NetworkAttachmentDefinition
            metadata:
              name: red
              namespace: net
              annotations: {k8s.v1.cni.cncf.io/resourceName: intel.com/sriov}
            spec: {config: '{"type": "bridge"}'}
            ---
            kind: ConfigMap
            metadata: {name: kubevirt-config}
            data: {permitBridgeInterfaceOnPodNetwork: "false"}
            ---
            kind: VM
            spec: {domain: {devices: {}}}
            """
        let set = try decoder.decode(text, file: "dir/many.yaml")
        #expect(set.machines.map(\.vm.name) == ["many", "second", "many-2"])
        #expect(set.attachments == [NetworkAttachmentDefinition(name: "red", namespace: "net", config: #"{"type": "bridge"}"#, resourceName: "intel.com/sriov")])
        #expect(set.config == ClusterConfig(["permitBridgeInterfaceOnPodNetwork": "false"]))
        #expect(set.diagnostics == [])
    }

    @Test("JSON input decodes like YAML, with positions")
    func json() throws {
        let text = """
            {
            \t"kind": "VirtualMachineInstance",
            \t"metadata": {"name": "j"},
            \t"spec": {"domain": {"devices": {"interfaces": [{"name": "default", "bridge": {}, "macAddress": 5}]}},
            \t         "networks": [{"name": "default", "pod": {}}]}
            }
            """
        let set = try decoder.decode(text, file: "vm.json")
        #expect(set.machines.first?.vm.interfaces?.first?.bindings == [BindingMethod(name: "bridge")])
        #expect(set.machines.first?.vm.networks?.first?.name == "default")
        #expect(set.diagnostics.map(\.formatted) == [
            "vm.json:4:97: error: spec.domain.devices.interfaces[0].macAddress: expected a string, got the number 5 [invalid-type]"
        ])
    }

    @Test("malformed YAML is an error with its position")
    func malformed() {
        #expect(throws: ManifestError.syntax(SourceLocation(file: "bad.yaml", line: 3, column: 1),
                                             message: "did not find expected ',' or ']' (while parsing a flow sequence at line 2, column 7)")) {
            try decoder.decode("kind: VM\nspec: [a, b\n", file: "bad.yaml")
        }
        #expect(throws: ManifestError.self) { try decoder.decode("kind: VM\n  spec: x\n bad: [", file: "bad.yaml") }
    }

    @Test("an unreadable file names the kernel's reason")
    func unreadable() {
        #expect(throws: ManifestError.unreadable(file: "/nonexistent/vm.yaml", reason: "No such file or directory")) {
            try decoder.decode(contentsOf: "/nonexistent/vm.yaml")
        }
    }

    @Test("an unknown field is reported with its position and the nearest known field")
    func unknownField() throws {
        let text = "kind: VM\nspec:\n  networks:\n  - name: a\n    multus: {networkname: x}\n"
        let set = try decoder.decode(text, file: "u.yaml")
        #expect(set.diagnostics.map(\.formatted) == [
            "u.yaml:5:27: error: spec.networks[0].multus.networkname: unknown field 'networkname' in spec.networks[0].multus (did you mean 'networkName'?) [unknown-field]"
        ])
    }

    @Test("an option a driver declares an integer decodes as one and reads back through integerValue")
    func integerOption() throws {
        let decoder = ManifestDecoder(drivers: DriverSet(
            bindings: [], backends: [NamedBackend("pod", options: [OptionSpec("queues", .integer, summary: "")])]))
        let set = try decoder.decode("kind: VM\nspec:\n  networks:\n  - {name: a, pod: {queues: 4}}\n", file: "i.yaml")
        #expect(set.diagnostics == [])
        let value = try #require(set.machines.first?.vm.networks?.first?.sources.first?.options["queues"])
        #expect(value == .integer(4) && value.integerValue == 4 && value.stringValue == nil)
        let mistyped = try decoder.decode("kind: VM\nspec:\n  networks:\n  - {name: a, pod: {queues: four}}\n", file: "i.yaml")
        #expect(mistyped.diagnostics.count == 1, "\(mistyped.diagnostics.map(\.formatted))")
    }

    @Test("fields outside networking are not read")
    func ignoresOutsideNetworking() throws {
        let text = "kind: VM\nspec:\n  domain:\n    resources: {requests: {memory: 64M}}\n    devices: {disks: [1, 2], watchdog: {}}\n  volumes: 7\n"
        let set = try decoder.decode(text, file: "o.yaml")
        #expect(set.diagnostics == [])
        #expect(set.machines.first?.vm.interfaces == nil)
    }

    @Test("an empty file holds nothing and says so")
    func emptyFile() throws {
        let set = try decoder.decode("", file: "empty.yaml")
        #expect(set.machines.isEmpty)
        #expect(set.diagnostics.map(\.rule) == ["empty-manifest"])
    }

    @Test("anchors and aliases resolve")
    func aliases() throws {
        let text = "kind: VM\nspec:\n  domain: {devices: {interfaces: [{name: a, masquerade: &empty {}}, {name: b, bridge: *empty}]}}\n"
        let set = try decoder.decode(text, file: "a.yaml")
        #expect(set.machines.first?.vm.interfaces?.map(\.bindings) == [[BindingMethod(name: "masquerade")], [BindingMethod(name: "bridge")]])
    }

    @Test("a Kubernetes List's items are read")
    func list() throws {
        let set = try decoder.decode("kind: List\nitems:\n- kind: VM\n  metadata: {name: x}\n  spec: {}\n", file: "l.yaml")
        #expect(set.machines.map(\.vm.name) == ["x"])
    }
}
