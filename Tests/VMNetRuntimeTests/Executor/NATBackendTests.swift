import Foundation
import Glibc
import Testing
import VMNetTestKit

/// A kind of socket the kernel refuses `vmnet` (through `Tests/Fixtures/tools/refuse-socket.py`, a seccomp
/// filter on `socket(2)`), standing in for a node without that firewall API.
private enum RefusedSocket {
    /// `socket(AF_NETLINK, …, NETLINK_NETFILTER)` fails with EPROTONOSUPPORT: what a kernel without nfnetlink
    /// (so without nf_tables) answers.
    case nftables
    /// `socket(AF_INET, SOCK_RAW, IPPROTO_RAW)` fails with EPERM: libiptc cannot reach the legacy tables.
    case iptables

    var arguments: [String] {
        switch self {
        case .nftables: ["16", "12", "93"]
        case .iptables: ["2", "255", "1"]
        }
    }
}

/// Runs `vmnet ARGS` with `refused` refused.
private func vmnet(_ arguments: [String], refusing refused: RefusedSocket) throws -> CommandResult {
    try run([VMNetBinary.fixture("tools/refuse-socket.py")] + refused.arguments + [VMNetBinary.path] + arguments)
}

/// The backend a journal names (nil when it names none).
private func journaledBackend(_ state: TestStateDirectory) throws -> String? {
    let data = try Data(contentsOf: URL(fileURLWithPath: state.path + "/" + state.journals[0]))
    let journal = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    return (journal["header"] as? [String: Any])?["natBackend"] as? String
}

@Suite("Choosing the NAT backend, and what each leaves behind")
struct NATBackendTests {
    private let manifest = VMNetBinary.fixture("spec/masquerade-ipv6.yaml")
    private let wiring = Wiring.masquerade(pod: "eth0", tap: "tap0", ports: [80], ipv6: true)

    @Test("auto picks nftables where nf_tables works, and the journal says so (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func autoPicksNFTables() throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0(ipv6: true)]) { pod in
                let before = try NamespaceSnapshot(pod)
                let target = ["--netns", pod.name, "--state-dir", state.path]
                let up = try VMNetBinary.run(["up", "--nat-backend", "auto"] + target + [manifest])
                try #require(up.status == 0, "\(up.stderr)")
                #expect(try journaledBackend(state) == "nftables")
                #expect(try pod.nftRuleset() == Wiring.nftRuleset([wiring]))
                #expect(try NamespaceSnapshot(pod).nat == before.nat)
                #expect(try VMNetBinary.run(["down"] + target).status == 0)
                let after = try before.awaitMatch(pod)
                #expect(after == before, "\(before.difference(from: after))")
            }
        }
    }

    @Test("auto picks iptables where nf_tables is refused, and down undoes it there (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func autoFallsBackToIPTables() throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0(ipv6: true)]) { pod in
                let before = try NamespaceSnapshot(pod)
                let target = ["--netns", pod.name, "--state-dir", state.path]
                let up = try vmnet(["up"] + target + [manifest], refusing: .nftables)
                try #require(up.status == 0, "\(up.stderr)")
                #expect(try journaledBackend(state) == "iptables")
                #expect(try pod.natTable() == Wiring.natTable([wiring], ipv6: false))
                #expect(try pod.natTable(true) == Wiring.natTable([wiring], ipv6: true))
                #expect(try pod.nftRuleset().isEmpty)
                // down reads the backend from the journal: it needs no nf_tables either.
                let down = try vmnet(["down"] + target, refusing: .nftables)
                #expect(down.status == 0, "\(down.stderr)")
                let after = try before.awaitMatch(pod)
                #expect(after == before, "\(before.difference(from: after))")
            }
        }
    }

    @Test(
        "a chosen backend that cannot work is refused before any change, naming the other (needs root)",
        .enabled(if: getuid() == 0, "needs root"), arguments: [(RefusedSocket.nftables, "nftables", "iptables"), (.iptables, "iptables", "nftables")])
    fileprivate func chosenBackendRefused(_ refused: RefusedSocket, chosen: String, other: String) throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0(ipv6: true)]) { pod in
                let before = try NamespaceSnapshot(pod)
                let up = try vmnet(
                    ["up", "--nat-backend", chosen, "--netns", pod.name, "--state-dir", state.path, manifest], refusing: refused)
                #expect(up.status == 2)
                #expect(up.stderr.contains("the \(chosen) NAT backend cannot work in the network namespace \(pod.name)"), "\(up.stderr)")
                #expect(up.stderr.contains("nothing was changed. Use the \(other) backend instead (--nat-backend \(other)"), "\(up.stderr)")
                #expect(try NamespaceSnapshot(pod) == before)
                #expect(state.journals.isEmpty)
            }
        }
    }

    @Test("a journal written before the backend was recorded is undone with iptables (needs root)", .enabled(if: getuid() == 0, "needs root"))
    func journalWithoutBackend() throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0(ipv6: true)]) { pod in
                let before = try NamespaceSnapshot(pod)
                let target = ["--netns", pod.name, "--state-dir", state.path]
                try #require(try VMNetBinary.run(["up", "--nat-backend", "iptables"] + target + [manifest]).status == 0)
                let path = state.path + "/" + state.journals[0]
                var journal = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
                var header = try #require(journal["header"] as? [String: Any])
                #expect(header.removeValue(forKey: "natBackend") as? String == "iptables")
                journal["header"] = header
                try JSONSerialization.data(withJSONObject: journal).write(to: URL(fileURLWithPath: path))
                let down = try VMNetBinary.run(["down"] + target)
                #expect(down.status == 0, "\(down.stderr)")
                let after = try before.awaitMatch(pod)
                #expect(after == before, "\(before.difference(from: after))")
            }
        }
    }

    @Test(
        "tables and rules that were there before stay, with vmnet's rules added to their chains and taken out again (needs root)",
        .enabled(if: getuid() == 0, "needs root"))
    func existingRuleset() throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0(ipv6: true)]) { pod in
                try pod.nft("add", "table", "inet", "filter")
                try pod.nft("add", "chain", "inet", "filter", "input", "{ type filter hook input priority 0; }")
                try pod.nft("add", "rule", "inet", "filter", "input", "tcp", "dport", "22", "accept")
                try pod.nft("add", "table", "ip", "nat")
                try pod.nft("add", "chain", "ip", "nat", "prerouting", "{ type nat hook prerouting priority -100; }")
                try pod.nft("add", "rule", "ip", "nat", "prerouting", "tcp", "dport", "2222", "counter", "dnat", "to", "10.244.0.9")
                let before = try NamespaceSnapshot(pod)
                let target = ["--netns", pod.name, "--state-dir", state.path]
                let up = try VMNetBinary.run(["up", "--nat-backend", "nftables"] + target + [manifest])
                try #require(up.status == 0, "\(up.stderr)")
                let wired = try pod.nftRuleset()
                #expect(wired.contains("\t\ttcp dport 22 accept"))
                let prerouting = wired.drop { $0 != "\tchain prerouting {" }.prefix(4)
                #expect(Array(prerouting) == [
                    "\tchain prerouting {", "\t\ttype nat hook prerouting priority dstnat; policy accept;",
                    "\t\ttcp dport 2222 counter dnat to 10.244.0.9", "\t\tiifname \"eth0\" counter jump KUBEVIRT_PREINBOUND",
                ])
                #expect(try VMNetBinary.run(["down"] + target).status == 0)
                let after = try before.awaitMatch(pod)
                #expect(after == before, "\(before.difference(from: after))")
            }
        }
    }

    @Test(
        "a batch the kernel refuses changes nothing in either family, and up rolls back (needs root)",
        .enabled(if: getuid() == 0, "needs root"))
    func refusedBatch() throws {
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0(ipv6: true)]) { pod in
                // A filter chain where KubeVirt's nat chain goes: the jump to a chain that does DNAT is refused.
                try pod.nft("add", "table", "ip", "nat")
                try pod.nft("add", "chain", "ip", "nat", "prerouting", "{ type filter hook prerouting priority 0; }")
                let before = try NamespaceSnapshot(pod)
                let up = try VMNetBinary.run(["up", "--nat-backend", "nftables", "--netns", pod.name, "--state-dir", state.path, manifest])
                #expect(up.status == 2)
                #expect(up.stderr.contains("nftables: "), "\(up.stderr)")
                #expect(up.stderr.contains("undid steps"), "\(up.stderr)")
                let after = try before.awaitMatch(pod)
                #expect(after == before, "\(before.difference(from: after))")
                #expect(state.journals.isEmpty)
            }
        }
    }

    @Test(
        "the ConfigMap's natBackend chooses when the command names none; --nat-backend wins; a wrong value is refused (needs root)",
        .enabled(if: getuid() == 0, "needs root"))
    func clusterSetting() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vmnet-config-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func config(_ value: String) throws -> String {
            let path = folder.appendingPathComponent("\(value).yaml").path
            try "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kubevirt-config\n  namespace: kubevirt\ndata:\n  natBackend: \"\(value)\"\n"
                .write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        try TestStateDirectory.with { state in
            try TestPod.with([.eth0(ipv6: true)]) { pod in
                let before = try NamespaceSnapshot(pod)
                let target = ["--netns", pod.name, "--state-dir", state.path]
                for (flags, value, expected) in [([String](), "iptables", "iptables"), (["--nat-backend", "nftables"], "iptables", "nftables")] {
                    let up = try VMNetBinary.run(["up", "--config", try config(value)] + flags + target + [manifest])
                    try #require(up.status == 0, "\(up.stderr)")
                    #expect(try journaledBackend(state) == expected, "\(flags) with natBackend \(value)")
                    #expect(try VMNetBinary.run(["down"] + target).status == 0)
                }
                let wrong = try VMNetBinary.run(["up", "--config", try config("pf")] + target + [manifest])
                #expect(wrong.status == 1)
                #expect(wrong.stderr.contains("the kubevirt-config ConfigMap's natBackend is `pf`: it must be auto, nftables, iptables"), "\(wrong.stderr)")
                let after = try before.awaitMatch(pod)
                #expect(after == before, "\(before.difference(from: after))")
            }
        }
    }

    @Test(
        "plan --nat-backend nftables prints the nft commands that make the backend's ruleset (needs root to run them)",
        .enabled(if: getuid() == 0, "needs root"))
    func planInNFTSyntax() throws {
        let plan = try VMNetBinary.run(["plan", "--ipv6", "--nat-backend", "nftables", manifest])
        try #require(plan.status == 0, "\(plan.stderr)")
        let commands = plan.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("nft add rule ") }
        #expect(commands.count == 12)
        #expect(!plan.stdout.contains("iptables -t nat"))
        let iptablesPlan = try VMNetBinary.run(["plan", "--ipv6", manifest])
        #expect(iptablesPlan.stdout.contains("iptables  -t nat -A KUBEVIRT_PREINBOUND -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.2.2"))
        try TestPod.with([.eth0(ipv6: true)]) { pod in
            for family in ["ip", "ip6"] {
                try pod.nft("add", "table", family, "nat")
                for (chain, hook) in [("prerouting", "-100"), ("input", "100"), ("output", "-100"), ("postrouting", "100")] {
                    try pod.nft("add", "chain", family, "nat", chain, "{ type nat hook \(chain) priority \(hook); }")
                }
                try pod.nft("add", "chain", family, "nat", "KUBEVIRT_PREINBOUND")
                try pod.nft("add", "chain", family, "nat", "KUBEVIRT_POSTINBOUND")
            }
            let script = FileManager.default.temporaryDirectory.appendingPathComponent("vmnet-plan-\(getpid()).nft")
            defer { try? FileManager.default.removeItem(at: script) }
            try commands.map { String($0.dropFirst("nft ".count)) }.joined(separator: "\n").write(to: script, atomically: true, encoding: .utf8)
            try pod.nft("-f", script.path)
            #expect(try pod.nftRuleset() == Wiring.nftRuleset([wiring]))
        }
    }
}
