import VMNetCore

/// One example of the spec ("Interfaces and Networks"), as vmnet's model: the VM and the manifests that come with
/// it. The suite's corpus starts from these; `Tests/Fixtures/spec` holds the same examples as YAML, and a test keeps
/// the two equal.
public struct SpecExample: Sendable {
    /// The example's file name without its extension, e.g. `multus-ovs`; also the VM's name.
    public var name: String
    /// The VM, as written (before defaults).
    public var vm: VirtualMachine
    /// The NetworkAttachmentDefinitions the spec gives with it.
    public var attachments: [NetworkAttachmentDefinition]

    /// Creates an example.
    public init(name: String, vm: VirtualMachine, attachments: [NetworkAttachmentDefinition] = []) {
        self.name = name
        self.vm = vm
        self.attachments = attachments
    }

    /// The spec's ConfigMap example: bridge on the pod network switched off.
    public static let noBridgeConfig = ClusterConfig(["permitBridgeInterfaceOnPodNetwork": "false"])

    /// The spec's NetworkAttachmentDefinitions: `ovs-vlan-100`, `macvlan-test` and `ptp-mac`.
    public static let attachments: [NetworkAttachmentDefinition] = [
        NetworkAttachmentDefinition(
            name: "ovs-vlan-100", config: #"{ "cniVersion": "0.3.1", "type": "ovs", "bridge": "br1", "vlan": 100 }"#),
        NetworkAttachmentDefinition(
            name: "macvlan-test",
            config: #"{ "type": "macvlan", "master": "eth0", "mode": "bridge", "ipam": { "type": "host-local", "subnet": "10.250.250.0/24" } }"#),
        NetworkAttachmentDefinition(
            name: "ptp-mac",
            config: #"{ "cniVersion": "0.3.1", "name": "ptp-mac", "plugins": [ { "type": "ptp", "ipam": { "type": "host-local", "subnet": "10.1.1.0/24" } }, { "type": "tuning" } ] }"#),
    ]

    /// The node's CNI config folder of the genie example: its `99-ovs-cni.conf`, and the flannel network that its
    /// stock pod network names, by file name.
    public static let nodeCNIConfigFiles: [String: String] = [
        "10-flannel.conflist": #"{"name": "cbr0", "cniVersion": "0.3.1", "plugins": [{"type": "flannel", "delegate": {"hairpinMode": true, "isDefaultGateway": true}}, {"type": "portmap", "capabilities": {"portMappings": true}}]}"#,
        "99-ovs-cni.conf": #"{"cniVersion": "0.3.1", "type": "ovs", "bridge": "br1", "vlan": 100}"#,
    ]

    /// Every VM example of the spec, by file name.
    public static let all: [SpecExample] = [
        example("bridge-multus", [interface("red", "bridge")], [network("red", "multus", ["networkName": .string("red")])]),
        example("genie", [interface("default", "bridge"), interface("ovs-net", "bridge")], [
            network("default", "genie", ["networkName": .string("flannel")]), network("ovs-net", "genie", ["networkName": .string("ovs")]),
        ]),
        example("masquerade-ipv6", [interface("red", "masquerade", ports: [Port(port: 80)])], [network("red", "pod")]),
        example("masquerade-ports", [interface("red", "masquerade", ports: [Port(port: 80)])], [network("red", "pod")]),
        example(
            "model-e1000-ports", [interface("default", "masquerade", model: "e1000", ports: [Port(name: "http", port: 80)])],
            [network("default", "pod")]),
        SpecExample(
            name: "multiqueue",
            vm: VirtualMachine(name: "multiqueue", networkInterfaceMultiqueue: true)),
        example(
            "multus-default", [interface("test1", "bridge")],
            [network("test1", "multus", ["default": .bool(true), "networkName": .string("macvlan-test")])],
            attachments: ["macvlan-test"]),
        example(
            "multus-ovs",
            [
                interface(
                    "default", "masquerade", bootOrder: 1,
                    dhcpOptions: DHCPOptions(bootFileName: "default_image.bin", tftpServerName: "tftp.example.com")),
                interface("ovs-net", "bridge", bootOrder: 2),
            ],
            [network("default", "pod"), network("ovs-net", "multus", ["networkName": .string("ovs-vlan-100")])],
            attachments: ["ovs-vlan-100"]),
        SpecExample(name: "no-network", vm: VirtualMachine(name: "no-network", autoattachPodInterface: false)),
        example("pod-masquerade", [interface("default", "masquerade")], [network("default", "pod")]),
        example("slirp", [interface("red", "slirp")], [network("red", "pod")]),
        example("sriov", [interface("sriov-net", "sriov")], [network("sriov-net", "multus", ["networkName": .string("sriov-net-crd")])]),
    ]

    private static func example(
        _ name: String, _ interfaces: [Interface], _ networks: [Network], attachments: [String] = []
    ) -> SpecExample {
        SpecExample(
            name: name, vm: VirtualMachine(name: name, interfaces: interfaces, networks: networks),
            attachments: Self.attachments.filter { attachments.contains($0.name) })
    }

    private static func interface(
        _ name: String, _ binding: String, model: String? = nil, ports: [Port]? = nil, bootOrder: Int? = nil,
        dhcpOptions: DHCPOptions? = nil
    ) -> Interface {
        Interface(
            name: name, bindings: [BindingMethod(name: binding)], model: model, ports: ports, bootOrder: bootOrder,
            dhcpOptions: dhcpOptions)
    }

    private static func network(_ name: String, _ backend: String, _ options: [String: OptionValue] = [:]) -> Network {
        Network(name: name, sources: [NetworkSource(backend: backend, options: options)])
    }
}
