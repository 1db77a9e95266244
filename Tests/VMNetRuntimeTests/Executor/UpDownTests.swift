import Foundation
import Glibc
import Testing
import VMNetTestKit

/// One of the spec's examples, with the pod it needs and what it wires.
struct WiredExample: CustomTestStringConvertible, Sendable {
    var name: String
    var files: [String]
    var flags: [String] = []
    var pod: [TestPod.Interface]
    var wirings: [Wiring]
    var steps: Int

    var testDescription: String { name }

    var arguments: [String] { flags + files.map(VMNetBinary.fixture) }
}


let wiredExamples: [WiredExample] = [
    WiredExample(
        name: "pod-masquerade", files: ["spec/pod-masquerade.yaml"], pod: [.eth0()],
        wirings: [.masquerade(pod: "eth0", tap: "tap0", ports: [], ipv6: false)], steps: 9),
    WiredExample(
        name: "masquerade-ports", files: ["spec/masquerade-ports.yaml"], pod: [.eth0()],
        wirings: [.masquerade(pod: "eth0", tap: "tap0", ports: [80], ipv6: false)], steps: 9),
    WiredExample(
        name: "model-e1000-ports", files: ["spec/model-e1000-ports.yaml"], pod: [.eth0()],
        wirings: [.masquerade(pod: "eth0", tap: "tap0", ports: [80], ipv6: false)], steps: 9),
    WiredExample(
        name: "masquerade-ipv6", files: ["spec/masquerade-ipv6.yaml"], pod: [.eth0(ipv6: true)],
        wirings: [.masquerade(pod: "eth0", tap: "tap0", ports: [80], ipv6: true)], steps: 11),
    WiredExample(
        name: "multiqueue", files: ["spec/multiqueue.yaml"], pod: [.eth0()],
        wirings: [.bridge(pod: "eth0", tap: "tap0", index: 0)], steps: 12),
    WiredExample(
        name: "multus-default", files: ["spec/multus-default.yaml", "spec/nad-macvlan-test.yaml"], pod: [.eth0()],
        wirings: [.bridge(pod: "eth0", tap: "tap0", index: 0)], steps: 12),
    WiredExample(
        name: "multus-default on a dual-stack pod", files: ["spec/multus-default.yaml", "spec/nad-macvlan-test.yaml"],
        pod: [.eth0(ipv6: true)], wirings: [.bridge(pod: "eth0", tap: "tap0", index: 0)], steps: 13),
    WiredExample(
        name: "bridge-multus", files: ["spec/bridge-multus.yaml"], pod: [.secondary("net1", subnet: 250)],
        wirings: [.bridge(pod: "net1", tap: "tap1", index: 0)], steps: 12),
    WiredExample(
        name: "multus-ovs", files: ["spec/multus-ovs.yaml", "spec/nad-ovs-vlan-100.yaml"],
        pod: [.eth0(), .secondary("net1", subnet: 250)],
        wirings: [.masquerade(pod: "eth0", tap: "tap0", ports: [], ipv6: false), .bridge(pod: "net1", tap: "tap1", index: 1)],
        steps: 21),
    WiredExample(
        name: "genie", files: ["spec/genie.yaml"], flags: ["--cni-conf-dir", VMNetBinary.fixture("cni/genie")],
        pod: [.eth0(), .secondary("eth1", subnet: 249)],
        wirings: [.bridge(pod: "eth0", tap: "tap0", index: 0), .bridge(pod: "eth1", tap: "tap1", index: 1)], steps: 24),
    WiredExample(name: "slirp", files: ["spec/slirp.yaml"], pod: [.eth0()], wirings: [], steps: 0),
    WiredExample(name: "no-network", files: ["spec/no-network.yaml"], pod: [.eth0()], wirings: [], steps: 0),
]

@Suite("vmnet up and down on the spec's examples")
struct UpDownTests {
    @Test(
        "up wires exactly what the binding specifies; down puts the namespace back as it was (needs root)",
        .enabled(if: getuid() == 0, "needs root"), arguments: wiredExamples, TestNATBackend.allCases)
    func wireAndUnwire(example: WiredExample, backend: TestNATBackend) throws {
        try TestStateDirectory.with { state in
            try TestPod.with(example.pod) { pod in
                let before = try NamespaceSnapshot(pod)
                let beforeLinks = try pod.links()
                let target = ["--netns", pod.name, "--state-dir", state.path]

                let up = try VMNetBinary.run(["up"] + target + backend.flags + example.arguments)
                try #require(up.status == 0, "\(up.stderr)")
                #expect(up.stdout.contains(": \(example.steps) step\(example.steps == 1 ? "" : "s") made"), "\(up.stdout)")
                try expectWired(pod, example: example, backend: backend, before: before, beforeLinks: beforeLinks)
                #expect(state.journals.count == 1)

                let wired = try NamespaceSnapshot(pod)
                let journal = try Data(contentsOf: URL(fileURLWithPath: state.path + "/" + state.journals[0]))
                let again = try VMNetBinary.run(["up", "--output", "json"] + target + backend.flags + example.arguments)
                #expect(again.status == 0, "\(again.stderr)")
                #expect(again.stdout.contains(#""action" : "unchanged""#), "\(again.stdout)")
                let rewired = try NamespaceSnapshot(pod)
                #expect(rewired.links == wired.links && rewired.nat == wired.nat && rewired.nftables == wired.nftables
                    && rewired.sysctls == wired.sysctls)
                #expect(try Data(contentsOf: URL(fileURLWithPath: state.path + "/" + state.journals[0])) == journal)

                let down = try VMNetBinary.run(["down"] + target)
                #expect(down.status == 0, "\(down.stderr)")
                #expect(down.stdout.contains("\(example.steps) step\(example.steps == 1 ? "" : "s") undone"), "\(down.stdout)")
                let after = try before.awaitMatch(pod)
                #expect(after == before, "\(before.difference(from: after))")
                #expect(state.journals.isEmpty)

                let downAgain = try VMNetBinary.run(["down"] + target + example.files.map(VMNetBinary.fixture))
                #expect(downAgain.status == 0, "\(downAgain.stderr)")
                #expect(downAgain.stdout.contains("nothing to undo"), "\(downAgain.stdout)")
            }
        }
    }

    private func expectWired(
        _ pod: TestPod, example: WiredExample, backend: TestNATBackend, before: NamespaceSnapshot,
        beforeLinks: [String: [String: Any]]
    ) throws {
        let links = try pod.links()
        let made = example.wirings.flatMap { [$0.bridge, $0.tap] }
        #expect(Set(links.keys) == Set(beforeLinks.keys).union(made))
        for wiring in example.wirings {
            let original = try #require(beforeLinks[wiring.podInterface])
            let mtu = original["mtu"] as? Int
            let bridge = try #require(links[wiring.bridge])
            let tap = try #require(links[wiring.tap])
            let port = try #require(links[wiring.podInterface])
            #expect(kind(bridge) == "bridge")
            #expect(bridge["mtu"] as? Int == mtu)
            #expect(isUp(bridge))
            #expect(kind(tap) == "tun")
            #expect(tap["master"] as? String == wiring.bridge)
            #expect(tap["mtu"] as? Int == mtu)
            #expect(isUp(tap))
            switch wiring {
            case .masquerade(_, _, _, let ipv6):
                #expect(bridge["address"] as? String == "02:00:00:00:00:00")
                #expect(try pod.globalAddresses(wiring.bridge) == ["10.0.2.1/24"] + (ipv6 ? ["fd10:0:2::1/120"] : []))
                #expect(port["address"] as? String == original["address"] as? String)
                #expect(port["master"] == nil)
                #expect(try pod.sysctl("net.ipv4.ip_forward") == "1")
                #expect(try pod.sysctl("net.ipv4.conf.\(wiring.bridge).route_localnet") == "1")
                if ipv6 { #expect(try pod.sysctl("net.ipv6.conf.all.forwarding") == "1") }
            case .bridge(_, _, let index):
                #expect(try pod.globalAddresses(wiring.bridge) == ["169.254.75.1\(index)/32"])
                let mac = try #require(port["address"] as? String)
                #expect(mac != original["address"] as? String)
                #expect(mac.hasPrefix("02:"), "a locally administered unicast MAC")
                #expect(port["master"] as? String == wiring.bridge)
                #expect(learning(port) == false)
                #expect(isUp(port))
                #expect(try pod.globalAddresses(wiring.podInterface).isEmpty)
                #expect(try pod.routes(through: wiring.podInterface).isEmpty)
            }
        }
        let untouched = Set(beforeLinks.keys).subtracting(example.wirings.filter { if case .bridge = $0 { true } else { false } }.map(\.podInterface))
        let now = try NamespaceSnapshot(pod)
        for link in untouched {
            #expect(now.links.filter { $0.hasPrefix(link + " ") } == before.links.filter { $0.hasPrefix(link + " ") })
            #expect(now.addresses.filter { $0.hasPrefix(link + " ") } == before.addresses.filter { $0.hasPrefix(link + " ") })
            // Main table only: forwarding on makes the kernel add the subnet-router anycast address to the local one.
            let main = { (routes: [String]) in
                routes.filter { $0.split(separator: " ").contains("dev=\(link)") && !$0.contains("table=") }
            }
            #expect(main(now.routes) == main(before.routes))
        }
        let hasMasquerade = example.wirings.contains { if case .masquerade = $0 { true } else { false } }
        if hasMasquerade, backend == .iptables {
            #expect(try pod.natTable() == Wiring.natTable(example.wirings, ipv6: false))
            let ipv6 = example.wirings.contains { if case .masquerade(_, _, _, true) = $0 { true } else { false } }
            #expect(try pod.natTable(true) == (ipv6 ? Wiring.natTable(example.wirings, ipv6: true) : Wiring.natTable([], ipv6: true)))
            #expect(now.nftables == before.nftables)
        } else if hasMasquerade {
            #expect(try pod.nftRuleset() == Wiring.nftRuleset(example.wirings))
            #expect(now.nat == before.nat)
        } else {
            #expect(now.nat == before.nat)
            #expect(now.nftables == before.nftables)
            #expect(now.sysctls.filter { !$0.contains("/conf/k6t-") && !$0.contains("/conf/tap") } == before.sysctls)
        }
    }

    private func kind(_ link: [String: Any]) -> String? {
        (link["linkinfo"] as? [String: Any])?["info_kind"] as? String
    }

    private func isUp(_ link: [String: Any]) -> Bool {
        ((link["flags"] as? [String]) ?? []).contains("UP")
    }

    private func learning(_ link: [String: Any]) -> Bool? {
        ((link["linkinfo"] as? [String: Any])?["info_slave_data"] as? [String: Any])?["learning"] as? Bool
    }
}
