import Testing
import VMNetCore
import VMNetEngine

/// One rejecting manifest: the rule it must trip, at which field, and where that field's node starts.
struct RuleCase: CustomTestStringConvertible, Sendable {
    var rule: String
    var severity: Diagnostic.Severity = .error
    var path: FieldPath
    var line: Int
    var column: Int
    var yaml: String

    var testDescription: String { "\(rule) at \(path)" }
}

/// A VM whose interfaces and networks sections are given as YAML lines (indented as in the spec's examples).
/// Interfaces start on line 6 and networks on line 6 + interface lines + 1.
func vm(interfaces: [String], networks: [String]) -> String {
    (["kind: VM", "spec:", "  domain:", "    devices:", "      interfaces:"] + interfaces.map { "      " + $0 }
        + ["  networks:"] + networks.map { "  " + $0 }).joined(separator: "\n")
}

let configMap = "\n---\nkind: ConfigMap\nmetadata: {name: kubevirt-config}\ndata:\n"

let ruleCases: [RuleCase] = [
    // Networks.
    RuleCase(rule: "network-name-duplicate", path: "spec.networks[1].name", line: 11, column: 11,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}"],
                      networks: ["- name: a", "  pod: {}", "- name: a", "  multus: {networkName: x}"])),
    RuleCase(rule: "network-source-missing", path: "spec.networks[0]", line: 9, column: 5,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}"], networks: ["- name: a"])),
    RuleCase(rule: "network-source-multiple", path: "spec.networks[0].multus", line: 11, column: 5,
             yaml: vm(interfaces: ["- name: a", "  bridge: {}"],
                      networks: ["- name: a", "  pod: {}", "  multus: {networkName: x}"])),
    RuleCase(rule: "network-without-interface", path: "spec.networks[1].name", line: 11, column: 11,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}"],
                      networks: ["- name: a", "  pod: {}", "- name: b", "  multus: {networkName: x}"])),
    RuleCase(rule: "backend-unknown", path: "spec.networks[0].flannel", line: 10, column: 5,
             yaml: vm(interfaces: ["- name: a", "  bridge: {}"], networks: ["- name: a", "  flannel: {}"])),
    RuleCase(rule: "backend-conflict", path: "spec.networks[1]", line: 13, column: 5,
             yaml: vm(interfaces: ["- name: a", "  bridge: {}", "- name: b", "  bridge: {}"],
                      networks: ["- name: a", "  genie: {networkName: x}", "- name: b", "  multus: {networkName: y}"])),
    RuleCase(rule: "backend-conflict", path: "spec.networks[1]", line: 13, column: 5,
             yaml: vm(interfaces: ["- name: a", "  bridge: {}", "- name: b", "  bridge: {}"],
                      networks: ["- name: a", "  pod: {}", "- name: b", "  genie: {networkName: flannel}"])),
    RuleCase(rule: "networks-too-many", path: "spec.networks", line: 520, column: 3,
             yaml: vm(interfaces: (0..<257).flatMap { ["- name: n\($0)", "  bridge: {}"] },
                      networks: (0..<257).flatMap { ["- name: n\($0)", "  multus: {networkName: x\($0)}"] })),
    // Interfaces.
    RuleCase(rule: "interfaces-too-many", path: "spec.domain.devices.interfaces", line: 5, column: 7,
             yaml: vm(interfaces: (0..<257).flatMap { ["- name: n\($0)", "  bridge: {}"] },
                      networks: (0..<257).flatMap { ["- name: n\($0)", "  multus: {networkName: x\($0)}"] })),
    RuleCase(rule: "interface-name-duplicate", path: "spec.domain.devices.interfaces[1].name", line: 8, column: 15,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "- name: a", "  bridge: {}"],
                      networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "interface-name-invalid", path: "spec.domain.devices.interfaces[0].name", line: 6, column: 15,
             yaml: vm(interfaces: ["- name: a.b", "  masquerade: {}"], networks: ["- name: a.b", "  pod: {}"])),
    RuleCase(rule: "interface-without-network", path: "spec.domain.devices.interfaces[0].name", line: 6, column: 15,
             yaml: vm(interfaces: ["- name: b", "  masquerade: {}"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "interface-binding-count", path: "spec.domain.devices.interfaces[0]", line: 6, column: 9,
             yaml: vm(interfaces: ["- name: a", "  model: virtio"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "interface-binding-count", path: "spec.domain.devices.interfaces[0].bridge", line: 8, column: 9,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  bridge: {}"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "binding-unknown", path: "spec.domain.devices.interfaces[0].vdpa", line: 7, column: 9,
             yaml: vm(interfaces: ["- name: a", "  vdpa: {}"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "binding-network-unsupported", path: "spec.domain.devices.interfaces[0].name", line: 6, column: 15,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}"], networks: ["- name: a", "  multus: {networkName: x}"])),
    RuleCase(rule: "binding-not-permitted", path: "spec.domain.devices.interfaces[0].name", line: 6, column: 15,
             yaml: vm(interfaces: ["- name: a", "  bridge: {}"], networks: ["- name: a", "  pod: {}"])
                + configMap + "  permitBridgeInterfaceOnPodNetwork: \"false\""),
    RuleCase(rule: "binding-not-permitted", path: "spec.domain.devices.interfaces[0].name", line: 6, column: 15,
             yaml: vm(interfaces: ["- name: a", "  slirp: {}"], networks: ["- name: a", "  pod: {}"])
                + configMap + "  permitSlirpInterface: \"false\""),
    RuleCase(rule: "model-unsupported", path: "spec.domain.devices.interfaces[0].model", line: 8, column: 16,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  model: virtio-net"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "model-ignored", severity: .warning, path: "spec.domain.devices.interfaces[0].model", line: 8, column: 16,
             yaml: vm(interfaces: ["- name: a", "  sriov: {}", "  model: e1000"], networks: ["- name: a", "  multus: {networkName: x}"])),
    RuleCase(rule: "mac-address-malformed", path: "spec.domain.devices.interfaces[0].macAddress", line: 8, column: 21,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  macAddress: de:ad:00:00:be"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "mac-address-malformed", path: "spec.domain.devices.interfaces[0].macAddress", line: 8, column: 21,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  macAddress: de:ad-00:00:be:af"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "mac-address-too-long", path: "spec.domain.devices.interfaces[0].macAddress", line: 8, column: 21,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  macAddress: de:ad:00:00:be:af:00:01"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "mac-address-multicast", severity: .warning, path: "spec.domain.devices.interfaces[0].macAddress", line: 8, column: 21,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  macAddress: FF-FF-FF-FF-FF-FF"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "mac-address-reserved", path: "spec.domain.devices.interfaces[0].macAddress", line: 8, column: 21,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  macAddress: 02-00-00-00-00-00"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "pci-address-malformed", path: "spec.domain.devices.interfaces[0].pciAddress", line: 8, column: 21,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  pciAddress: 0000:81:01.10"], networks: ["- name: a", "  pod: {}"])),
    // Fullwidth digits are hex digits to Character.isHexDigit, not to KubeVirt's [0-9a-fA-F].
    RuleCase(rule: "pci-address-malformed", path: "spec.domain.devices.interfaces[0].pciAddress", line: 8, column: 21,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  pciAddress: \u{FF10}000:81:01.1"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "boot-order-invalid", path: "spec.domain.devices.interfaces[0].bootOrder", line: 8, column: 20,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  bootOrder: 0"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "boot-order-duplicate", path: "spec.domain.devices.interfaces[1].bootOrder", line: 11, column: 20,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  bootOrder: 1", "- name: b", "  bridge: {}", "  bootOrder: 1"],
                      networks: ["- name: a", "  pod: {}", "- name: b", "  multus: {networkName: x}"])),
    RuleCase(rule: "dhcp-options-ignored", severity: .warning, path: "spec.domain.devices.interfaces[0].dhcpOptions.bootFileName",
             line: 8, column: 23,
             yaml: vm(interfaces: ["- name: a", "  slirp: {}", "  bootFileName: pxe.bin"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "dhcp-options-ignored", severity: .warning, path: "spec.domain.devices.interfaces[0].dhcpOptions.tftpServerName",
             line: 9, column: 27,
             yaml: vm(interfaces: ["- name: a", "  sriov: {}", "  dhcpOptions:", "    tftpServerName: tftp"],
                      networks: ["- name: a", "  multus: {networkName: x}"])),
    RuleCase(rule: "dhcp-options-ignored", severity: .warning, path: "spec.domain.devices.interfaces[0].dhcpOptions.ntpServers",
             line: 9, column: 11,
             yaml: vm(interfaces: ["- name: a", "  sriov: {}", "  dhcpOptions:", "    ntpServers: ['192.0.2.1']"],
                      networks: ["- name: a", "  multus: {networkName: x}"])),
    RuleCase(rule: "ntp-server-invalid", path: "spec.domain.devices.interfaces[0].dhcpOptions.ntpServers[0]", line: 9, column: 24,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  dhcpOptions:", "    ntpServers: ['::1']"],
                      networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "dhcp-private-option-out-of-range",
             path: "spec.domain.devices.interfaces[0].dhcpOptions.privateOptions[0].option", line: 9, column: 37,
             yaml: vm(interfaces: ["- name: a", "  bridge: {}", "  dhcpOptions:", "    privateOptions: [{option: 223, value: x}]"],
                      networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "dhcp-private-option-duplicate",
             path: "spec.domain.devices.interfaces[0].dhcpOptions.privateOptions[1].option", line: 9, column: 62,
             yaml: vm(interfaces: ["- name: a", "  bridge: {}", "  dhcpOptions:",
                                   "    privateOptions: [{option: 240, value: a}, {option: 240, value: b}]"],
                      networks: ["- name: a", "  pod: {}"])),
    // State.
    RuleCase(rule: "interface-state-invalid", path: "spec.domain.devices.interfaces[0].state", line: 8, column: 16,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  state: sideways"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "interface-state-unsupported", path: "spec.domain.devices.interfaces[0].state", line: 8, column: 16,
             yaml: vm(interfaces: ["- name: a", "  sriov: {}", "  state: up"], networks: ["- name: a", "  multus: {networkName: x}"])),
    RuleCase(rule: "interface-state-unsupported", path: "spec.domain.devices.interfaces[1].state", line: 10, column: 16,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "- name: b", "  sriov: {}", "  state: absent"],
                      networks: ["- name: a", "  pod: {}", "- name: b", "  multus: {networkName: x}"])),
    RuleCase(rule: "interface-state-unsupported", path: "spec.domain.devices.interfaces[0].state", line: 8, column: 16,
             yaml: vm(interfaces: ["- name: a", "  bridge: {}", "  state: absent"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "interface-state-ignored", severity: .warning, path: "spec.domain.devices.interfaces[0].state", line: 8, column: 16,
             yaml: vm(interfaces: ["- name: a", "  slirp: {}", "  state: down"], networks: ["- name: a", "  pod: {}"])),
    // Binding plugins.
    RuleCase(rule: "binding-plugin-unregistered", path: "spec.domain.devices.interfaces[0].binding.name", line: 7, column: 25,
             yaml: vm(interfaces: ["- name: a", "  binding: {name: bridge}"], networks: ["- name: a", "  multus: {networkName: x}"])
                + configMap + "  network.binding: '{mybinding: {domainAttachmentType: tap}}'"),
    RuleCase(rule: "binding-unknown", path: "spec.domain.devices.interfaces[0].binding.name", line: 7, column: 25,
             yaml: vm(interfaces: ["- name: a", "  binding: {name: vdpa}"], networks: ["- name: a", "  multus: {networkName: x}"])),
    RuleCase(rule: "name-required", path: "spec.domain.devices.interfaces[0].binding.name", line: 7, column: 9,
             yaml: vm(interfaces: ["- name: a", "  binding: {}"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "config-value-invalid", severity: .warning, path: "data.network.binding.x.domainAttachmentType", line: 4, column: 20,
             yaml: "kind: ConfigMap\nmetadata: {name: kubevirt-config}\ndata:\n  network.binding: '{x: {domainAttachmentType: vhost}}'"),
    RuleCase(rule: "unknown-field", path: "data.network.binding.x.sidecarimage", line: 4, column: 20,
             yaml: "kind: ConfigMap\nmetadata: {name: kubevirt-config}\ndata:\n  network.binding: '{x: {sidecarimage: a}}'"),
    // Ports.
    RuleCase(rule: "port-required", path: "spec.domain.devices.interfaces[0].ports[0].port", line: 9, column: 17,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  ports:", "  - port: 0"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "port-required", path: "spec.domain.devices.interfaces[0].ports[0].port", line: 9, column: 11,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  ports:", "  - name: web"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "port-out-of-range", path: "spec.domain.devices.interfaces[0].ports[0].port", line: 9, column: 17,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  ports:", "  - port: 65536"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "port-protocol-unknown", path: "spec.domain.devices.interfaces[0].ports[0].protocol", line: 10, column: 21,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  ports:", "  - port: 80", "    protocol: tcp"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "port-name-invalid", path: "spec.domain.devices.interfaces[0].ports[0].name", line: 9, column: 17,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  ports:", "  - name: Web", "    port: 80"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "port-name-duplicate", path: "spec.domain.devices.interfaces[0].ports[1].name", line: 11, column: 17,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  ports:", "  - name: web", "    port: 80", "  - name: web", "    port: 81"],
                      networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "port-duplicate", severity: .warning, path: "spec.domain.devices.interfaces[0].ports[1].port", line: 10, column: 17,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  ports:", "  - port: 80", "  - port: 80"], networks: ["- name: a", "  pod: {}"])),
    // KubeVirt compares the protocol as written: `80` and `80/TCP` are two entries to it, so a repeat only warns.
    RuleCase(rule: "port-duplicate", severity: .warning, path: "spec.domain.devices.interfaces[0].ports[1].port", line: 10, column: 17,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  ports:", "  - port: 80", "  - port: 80", "    protocol: TCP"],
                      networks: ["- name: a", "  pod: {}"])),
    // KubeVirt checks ports on the pod network only.
    RuleCase(rule: "port-required", severity: .warning, path: "spec.domain.devices.interfaces[0].ports[0].port", line: 9, column: 17,
             yaml: vm(interfaces: ["- name: a", "  bridge: {}", "  ports:", "  - port: 0"], networks: ["- name: a", "  multus: {networkName: x}"])),
    RuleCase(rule: "port-ranges-not-enabled", path: "spec.domain.devices.interfaces[0].portRanges", line: 8, column: 9,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  portRanges: [{protocol: TCP, start: 8000, end: 8080}]"],
                      networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "ports-ignored", severity: .warning, path: "spec.domain.devices.interfaces[0].ports", line: 8, column: 9,
             yaml: vm(interfaces: ["- name: a", "  bridge: {}", "  ports:", "  - port: 80"], networks: ["- name: a", "  pod: {}"])),
    // Multiqueue, CPU, defaults, cluster config.
    RuleCase(rule: "cpu-topology-invalid", path: "spec.domain.cpu.sockets", line: 5, column: 16,
             yaml: "kind: VM\nspec:\n  domain:\n    cpu:\n      sockets: 0\n    devices: {}"),
    RuleCase(rule: "multiqueue-without-virtio", severity: .warning, path: "spec.domain.devices.networkInterfaceMultiqueue",
             line: 5, column: 35,
             yaml: "kind: VM\nspec:\n  domain:\n    devices:\n      networkInterfaceMultiqueue: true\n      interfaces:\n"
                + "      - name: a\n        model: e1000\n        masquerade: {}\n  networks:\n  - name: a\n    pod: {}"),
    RuleCase(rule: "autoattach-ignored", severity: .warning, path: "spec.domain.devices.autoattachPodInterface", line: 5, column: 31,
             yaml: "kind: VM\nspec:\n  domain:\n    devices:\n      autoattachPodInterface: false\n      interfaces:\n"
                + "      - name: a\n        masquerade: {}\n  networks:\n  - name: a\n    pod: {}"),
    RuleCase(rule: "default-binding-not-permitted", path: "spec.domain.devices", line: 4, column: 5,
             yaml: "kind: VM\nspec:\n  domain:\n    devices: {}" + configMap + "  permitBridgeInterfaceOnPodNetwork: \"false\""),
    RuleCase(rule: "config-value-invalid", path: "data.defaultNetworkInterface", line: 4, column: 28,
             yaml: "kind: ConfigMap\nmetadata: {name: kubevirt-config}\ndata:\n  defaultNetworkInterface: sriov"),
    RuleCase(rule: "config-value-invalid", path: "data.permitSlirpInterface", line: 4, column: 25,
             yaml: "kind: ConfigMap\nmetadata: {name: kubevirt-config}\ndata:\n  permitSlirpInterface: \"maybe\""),
    // Backend drivers' own rules.
    RuleCase(rule: "pod-network-multiple", path: "spec.networks[1].pod", line: 14, column: 5,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "- name: b", "  bridge: {}"],
                      networks: ["- name: a", "  pod: {}", "- name: b", "  pod: {}"])),
    RuleCase(rule: "vm-network-cidr-invalid", path: "spec.networks[0].pod.vmNetworkCIDR", line: 10, column: 26,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}"], networks: ["- name: a", "  pod: {vmNetworkCIDR: 10.0.2.0}"])),
    RuleCase(rule: "vm-network-cidr-invalid", path: "spec.networks[0].pod.vmIPv6NetworkCIDR", line: 10, column: 30,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}"], networks: ["- name: a", "  pod: {vmIPv6NetworkCIDR: 10.0.2.0/24}"])),
    RuleCase(rule: "vm-network-cidr-too-small", path: "spec.networks[0].pod.vmNetworkCIDR", line: 10, column: 26,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}"], networks: ["- name: a", "  pod: {vmNetworkCIDR: 10.0.2.0/31}"])),
    RuleCase(rule: "vm-network-cidr-too-small", path: "spec.networks[0].pod.vmIPv6NetworkCIDR", line: 10, column: 30,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}"], networks: ["- name: a", "  pod: {vmIPv6NetworkCIDR: 'fd10::/127'}"])),
    RuleCase(rule: "network-name-required", path: "spec.networks[0].multus.networkName", line: 10, column: 5,
             yaml: vm(interfaces: ["- name: a", "  bridge: {}"], networks: ["- name: a", "  multus: {}"])),
    RuleCase(rule: "network-name-required", path: "spec.networks[0].genie.networkName", line: 10, column: 5,
             yaml: vm(interfaces: ["- name: a", "  bridge: {}"], networks: ["- name: a", "  genie: {}"])),
    RuleCase(rule: "network-name-malformed", path: "spec.networks[0].multus.networkName", line: 10, column: 27,
             yaml: vm(interfaces: ["- name: a", "  bridge: {}"], networks: ["- name: a", "  multus: {networkName: a/b/c}"])),
    RuleCase(rule: "multus-default-multiple", path: "spec.networks[1].multus.default", line: 14, column: 39,
             yaml: vm(interfaces: ["- name: a", "  bridge: {}", "- name: b", "  bridge: {}"],
                      networks: ["- name: a", "  multus: {networkName: x, default: true}", "- name: b", "  multus: {networkName: y, default: true}"])),
    RuleCase(rule: "multus-default-with-pod", path: "spec.networks[1].multus.default", line: 14, column: 39,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "- name: b", "  bridge: {}"],
                      networks: ["- name: a", "  pod: {}", "- name: b", "  multus: {networkName: y, default: true}"])),
    // Decoding.
    RuleCase(rule: "unknown-field", path: "spec.domain.devices.interfaces[0].macAdress", line: 8, column: 20,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  macAdress: de:ad:00:00:be:af"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "unknown-field", path: "spec.networks[0].multus.networkname", line: 10, column: 27,
             yaml: vm(interfaces: ["- name: a", "  bridge: {}"], networks: ["- name: a", "  multus: {networkname: red}"])),
    RuleCase(rule: "invalid-type", path: "spec.domain.devices.interfaces[0].bootOrder", line: 8, column: 20,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  bootOrder: \"1\""], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "invalid-type", path: "spec.networks[0].multus.default", line: 10, column: 39,
             yaml: vm(interfaces: ["- name: a", "  bridge: {}"], networks: ["- name: a", "  multus: {networkName: x, default: yes}"])),
    RuleCase(rule: "duplicate-key", path: "spec.networks[0].name", line: 11, column: 5,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}"], networks: ["- name: a", "  pod: {}", "  name: b"])),
    RuleCase(rule: "name-required", path: "spec.domain.devices.interfaces[0].name", line: 6, column: 9,
             yaml: vm(interfaces: ["- masquerade: {}"], networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "dhcp-option-conflict", path: "spec.domain.devices.interfaces[0].bootFileName", line: 8, column: 23,
             yaml: vm(interfaces: ["- name: a", "  masquerade: {}", "  bootFileName: a.bin", "  dhcpOptions: {bootFileName: b.bin}"],
                      networks: ["- name: a", "  pod: {}"])),
    RuleCase(rule: "document-ignored", severity: .warning, path: "kind", line: 1, column: 7, yaml: "kind: Pod\nmetadata: {name: x}"),
    RuleCase(rule: "empty-manifest", severity: .warning, path: "", line: 1, column: 1, yaml: "# nothing here\n"),
    RuleCase(rule: "attachment-config-invalid", path: "spec.config", line: 5, column: 5,
             yaml: "kind: NetworkAttachmentDefinition\nmetadata: {name: x}\nspec:\n  config:\n    '{\"type\": }'"),
]

@Suite("Every rule rejects with its id, field path and position")
struct RuleTests {
    @Test(arguments: ruleCases)
    func rejects(_ rule: RuleCase) throws {
        let found = try diagnostics(of: rule.yaml)
        // By text: a ConfigMap key may hold a dot (`network.binding`), which a parsed path splits.
        let match = found.first { $0.rule == rule.rule && $0.path.description == rule.path.description }
        let diagnostic = try #require(match, "got \(found.map(\.formatted))")
        #expect(diagnostic.severity == rule.severity)
        #expect(diagnostic.location == SourceLocation(file: "case.yaml", line: rule.line, column: rule.column))
        #expect(!diagnostic.message.isEmpty)
    }

    @Test("every core rule id has a rejecting case, except the two reading errors tested by the decoder")
    func coverage() {
        let covered = Set(ruleCases.map(\.rule))
        let missing = CoreRule.allCases.map(\.rawValue).filter { !covered.contains($0) }
        #expect(missing.sorted() == ["file-unreadable", "syntax-error"])
    }

    @Test("a typo suggests the nearest known field")
    func suggestion() throws {
        let found = try diagnostics(of: vm(interfaces: ["- name: a", "  masquerade: {}", "  modle: e1000"], networks: ["- name: a", "  pod: {}"]))
        #expect(found.map(\.message) == ["unknown field 'modle' in spec.domain.devices.interfaces[0] (did you mean 'model'?)"])
    }

    @Test("a misspelt binding is a typo; an unknown one names the missing plugin")
    func bindingNames() throws {
        let typo = try diagnostics(of: vm(interfaces: ["- name: a", "  masqurade: {}"], networks: ["- name: a", "  pod: {}"]))
        #expect(typo.contains { $0.rule == "unknown-field" && $0.message.contains("did you mean 'masquerade'?") })
        let missing = try diagnostics(of: vm(interfaces: ["- name: a", "  vdpa: {}"], networks: ["- name: a", "  pod: {}"]))
        #expect(missing.first { $0.rule == "binding-unknown" }?.message
            == "binding 'vdpa' is not provided by any loaded binding plugin; loaded: bridge, macvtap, masquerade, passt, slirp, sriov")
    }

    @Test("KubeVirt's exact messages where it has them")
    func exactMessages() throws {
        let masquerade = try diagnostics(of: vm(interfaces: ["- name: a", "  masquerade: {}"], networks: ["- name: a", "  multus: {networkName: x}"]))
        #expect(masquerade.map(\.message) == ["Masquerade interface only implemented with pod network"])
        let reserved = try diagnostics(of: vm(interfaces: ["- name: a", "  masquerade: {}", "  macAddress: 02:00:00:00:00:00"], networks: ["- name: a", "  pod: {}"]))
        #expect(reserved.map(\.message) == ["The requested MAC address is reserved for the in-pod bridge. Please choose another one."])
    }

    @Test("KubeVirt's exact messages for state, binding plugins, genie and NTP servers")
    func parityMessages() throws {
        let absent = try diagnostics(of: vm(interfaces: ["- name: a", "  masquerade: {}", "  state: absent"], networks: ["- name: a", "  pod: {}"]))
        #expect(absent.map(\.message) == [
            "\"a\" interface's state \"absent\" is not supported on default networks",
            "\"a\" interface's state \"absent\" is supported only for bridge binding",
        ])
        let sriov = try diagnostics(of: vm(interfaces: ["- name: a", "  sriov: {}", "  state: down"], networks: ["- name: a", "  multus: {networkName: x}"]))
        #expect(sriov.map(\.message) == ["\"a\" interface's state \"down\" is not supported for SR-IOV NICs"])
        let sriovAbsent = try diagnostics(of: vm(interfaces: ["- name: a", "  sriov: {}", "  state: absent"], networks: ["- name: a", "  multus: {networkName: x}"]))
        #expect(sriovAbsent.map(\.message) == ["\"a\" interface's state \"absent\" is supported only for bridge binding"])
        let unregistered = try diagnostics(of: vm(interfaces: ["- name: a", "  binding: {name: passt}"], networks: ["- name: a", "  pod: {}"])
            + configMap + "  network.binding: '{pasta: {}}'")
        #expect(unregistered.first { $0.rule == "binding-plugin-unregistered" }?.message
            == "unable to find the network binding plugin 'passt' in Kubevirt configuration (did you mean 'pasta'?); "
                + "registered in network.binding: pasta")
        let passt = try diagnostics(of: vm(interfaces: ["- name: a", "  passtBinding: {}"], networks: ["- name: a", "  pod: {}"]))
        #expect(passt.map(\.message) == [], "the built-in passt plugin serves passtBinding")
        let genie = try diagnostics(of: vm(interfaces: ["- name: a", "  bridge: {}", "- name: b", "  bridge: {}"],
                                           networks: ["- name: a", "  genie: {networkName: x}", "- name: b", "  pod: {}"]))
        #expect(genie.map(\.message) == ["cannot combine Genie with other CNIs across networks (network 'b' uses Pod)"])
        let ntp = try diagnostics(of: vm(interfaces: ["- name: a", "  masquerade: {}", "  dhcpOptions: {ntpServers: [hostname]}"],
                                         networks: ["- name: a", "  pod: {}"]))
        #expect(ntp.map(\.message) == ["NTP servers must be a list of valid IPv4 addresses. ('hostname' is not one)"])
    }

    @Test("manifests KubeVirt admits are admitted: plugin references, states, igb, NTP, private options, tag, acpiIndex")
    func kubeVirtManifestsAdmitted() throws {
        let accepted = try diagnostics(of: vm(
            interfaces: [
                "- name: a", "  binding: {name: masquerade}", "  model: igb", "  state: down", "  acpiIndex: 3", "  tag: web",
                "  dhcpOptions:", "    ntpServers: [192.0.2.1, '::ffff:192.0.2.2']",
                "    privateOptions: [{option: 224, value: x}, {option: 254, value: y}]",
                "- name: b", "  bridge: {}", "  state: absent",
            ],
            networks: ["- name: a", "  pod: {}", "- name: b", "  multus: {networkName: x}"])
            + configMap + "  network.binding: |\n    masquerade: {migration: {method: link-refresh}}")
        #expect(accepted.isEmpty, "\(accepted.map(\.formatted))")
    }

    @Test("all diagnostics come at once, in source order")
    func allAtOnce() throws {
        let found = try diagnostics(of: vm(
            interfaces: ["- name: a", "  masquerade: {}", "  model: bad", "  macAddress: zz", "  bootOrder: 0"],
            networks: ["- name: a", "  pod: {}"]))
        #expect(found.map(\.rule) == ["model-unsupported", "mac-address-malformed", "boot-order-invalid"])
        #expect(found.map { $0.location!.line } == [8, 9, 10])
    }
}
