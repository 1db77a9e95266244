import Foundation
import Testing
import VMNetCore
import VMNetEngine
import VMNetEmbeddedHost
import VMNetPluginHost
import VMNetRuntime
import VMNetWiring

/// The seven built-in drivers, loaded from their .so files beside the test binary, as the CLI loads them.
let drivers = PluginRegistry(searchPath: .besideExecutable).drivers

/// One of the spec's examples that the root tests wire into a real pod, with the same pod in an embedded host.
struct SpecExample: CustomTestStringConvertible, Sendable {
    var name: String
    var files: [String]
    var pod: [EmbeddedPod.Interface]
    /// The number of host steps its plan has.
    var steps: Int

    var testDescription: String { name }

    /// The folder of the spec's example manifests.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/spec").path

    /// The examples whose plans cover every kind of host step: masquerade and bridge together, and IPv4 with IPv6
    /// NAT, as FaultInjectionTests picks them.
    static let covering = [
        SpecExample(
            name: "multus-ovs", files: ["multus-ovs.yaml", "nad-ovs-vlan-100.yaml"],
            pod: [.eth0(), .secondary("net1", subnet: 250)], steps: 21),
        SpecExample(name: "masquerade-ipv6", files: ["masquerade-ipv6.yaml"], pod: [.eth0(ipv6: true)], steps: 11),
        SpecExample(
            name: "multus-default on a dual-stack pod", files: ["multus-default.yaml", "nad-macvlan-test.yaml"],
            pod: [.eth0(ipv6: true)], steps: 13),
    ]

    /// A fresh pod for the example.
    func makePod() throws -> EmbeddedPod {
        try EmbeddedPod(pod)
    }

    /// The pipeline over the built-in drivers, wiring `host`'s namespaces with journals in `state`.
    func wiring(_ host: EmbeddedHost, _ state: StateFolder, faults: FaultInjection = .none, replace: Bool = false) -> Wiring {
        Wiring(drivers: drivers, options: Wiring.Options(
            stateDirectory: state.directory, replace: replace, faults: faults, host: host))
    }

    /// Reads and validates the example's manifests.
    func manifests(_ wiring: Wiring) throws -> Manifests {
        try wiring.read(files: files.map { "\(Self.fixtures)/\($0)" })
    }

    /// `vmnet up` of the example's VM into `pod`.
    @discardableResult
    func up(_ pod: EmbeddedPod, _ state: StateFolder, faults: FaultInjection = .none) throws -> WiredVM {
        let wiring = wiring(pod.host, state, faults: faults)
        let manifests = try manifests(wiring)
        return try wiring.up(manifests.machines[0], of: manifests, in: pod.namespace)
    }

    /// `vmnet down` of every VM wired into `pod`.
    @discardableResult
    func down(_ pod: EmbeddedPod, _ state: StateFolder) throws -> [TeardownOutcome] {
        try wiring(pod.host, state).downAll(in: pod.namespace)
    }
}
