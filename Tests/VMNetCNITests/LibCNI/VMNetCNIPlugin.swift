import Foundation
import VMNetTestKit

/// The built `vmnet-cni`, beside the test bundle, and the configurations the tests give it.
enum VMNetCNIPlugin {
    /// The folder holding `vmnet-cni` and the plugins it loads: a runtime's `CNI_PATH` entry.
    static let folder = URL(fileURLWithPath: VMNet.path).deletingLastPathComponent().path

    /// vmnet-cni's entry of a conflist: its state in `state`, the VM's networking (`vm`, a KubeVirt document as
    /// JSON) and the network to wire in `args.cni`, as Multus passes a selection element's `cni-args`.
    /// The iptables backend, whose rules the tests read with `iptables-legacy-save` (the nftables backend has its
    /// own tests in VMNetRuntimeTests).
    static func entry(state: String, network: String, vm: String, extra: String = "") -> String {
        """
        {"type": "vmnet-cni", "stateDir": "\(state)", "natBackend": "iptables"\(extra),
         "args": {"cni": {"logicNetworkName": "\(network)", "vmnet": \(vm)}}}
        """
    }

    /// A VirtualMachineInstance named `name` with `interfaces` and `networks` (JSON arrays).
    static func vm(_ name: String, interfaces: String, networks: String) -> String {
        """
        {"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstance",
         "metadata": {"name": "\(name)", "namespace": "default"},
         "spec": {"domain": {"devices": {"interfaces": \(interfaces)}}, "networks": \(networks)}}
        """
    }

    /// Runs `vmnet-cni` as a runtime would for a verb libcni 1.1.2 cannot send (GC, STATUS): `CNI_*` in the
    /// environment, `config` on standard input.
    static func run(_ command: String, config: String, environment: [String: String] = [:]) throws -> CommandResult {
        var variables = ["CNI_COMMAND": command, "CNI_PATH": folder, "PATH": "/usr/sbin:/usr/bin"]
        variables.merge(environment) { _, new in new }
        return try VMNetCNITests.run("\(folder)/vmnet-cni", [], environment: variables, input: config)
    }

    /// The pod's NAT rules, both families, as iptables-legacy-save prints them without counters or comments.
    static func natRules(_ pod: TestNamespace) throws -> [String] {
        var lines: [String] = []
        for save in ["iptables-legacy-save", "ip6tables-legacy-save"] {
            let saved = try VMNetCNITests.run("/usr/sbin/ip", ["netns", "exec", pod.name, save, "-t", "nat"])
            guard saved.status == 0 else { throw TestFailure("\(save) in \(pod.name): \(saved.stderr)") }
            lines += saved.stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
                .map { $0.replacingOccurrences(of: #" \[\d+:\d+\]"#, with: "", options: .regularExpression) }
        }
        return lines
    }

    /// The files left in a state directory, relative to it.
    static func stateFiles(_ state: String) -> [String] {
        (FileManager.default.enumerator(atPath: state)?.allObjects as? [String] ?? [])
            .filter { ($0.hasSuffix(".json") || $0.hasSuffix(".lock")) && !$0.hasSuffix("plugins.json") }.sorted()
    }
}
