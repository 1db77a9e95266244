import Foundation
import Testing
import VMNetTestKit

/// The nftables backend's side of the tests: the ruleset `nft` lists in a pod, and the one KubeVirt's masquerade
/// (reference §3.2) makes, written out from the reference's `nft` commands as nft 1.0.6 lists them (a
/// one-element set `{ 80 }` is listed as `80`).
extension Wiring {
    /// `nft -s list ruleset` after `up` of `wirings` in a pod whose ruleset was empty.
    static func nftRuleset(_ wirings: [Wiring]) -> [String] {
        var lines: [String] = []
        for family in ["ip", "ip6"] {
            let masquerades = wirings.compactMap { wiring -> (pod: String, ports: [Int])? in
                guard case .masquerade(let pod, _, let ports, let ipv6) = wiring, family == "ip" || ipv6 else { return nil }
                return (pod, ports)
            }
            guard !masquerades.isEmpty else { continue }
            let (guest, gateway, loopback) = family == "ip" ? ("10.0.2.2", "10.0.2.1", "127.0.0.1") : ("fd10:0:2::2", "fd10:0:2::1", "::1")
            var chains: [String: [String]] = [:]
            for (pod, ports) in masquerades {
                chains["postrouting", default: []].append("\(family) saddr \(guest) counter masquerade")
                chains["prerouting", default: []].append("iifname \"\(pod)\" counter jump KUBEVIRT_PREINBOUND")
                chains["postrouting", default: []].append("oifname \"k6t-\(pod)\" counter jump KUBEVIRT_POSTINBOUND")
                for port in ports.isEmpty ? [nil] : ports.map(Optional.some) {
                    let match = port.map { "tcp dport \($0) " } ?? ""
                    chains["KUBEVIRT_PREINBOUND", default: []].append("\(match)counter dnat to \(guest)")
                    chains["KUBEVIRT_POSTINBOUND", default: []].append("\(match)\(family) saddr \(loopback) counter snat to \(gateway)")
                    chains["output", default: []].append("\(family) daddr \(loopback) \(match)counter dnat to \(guest)")
                }
            }
            let hooks = [
                ("prerouting", "type nat hook prerouting priority dstnat; policy accept;"),
                ("input", "type nat hook input priority 100; policy accept;"),
                ("output", "type nat hook output priority -100; policy accept;"),
                ("postrouting", "type nat hook postrouting priority srcnat; policy accept;"),
                ("KUBEVIRT_PREINBOUND", nil), ("KUBEVIRT_POSTINBOUND", nil),
            ]
            lines.append("table \(family) nat {")
            for (index, (chain, hook)) in hooks.enumerated() {
                if index > 0 { lines.append("") }
                lines.append("\tchain \(chain) {")
                if let hook { lines.append("\t\t\(hook)") }
                lines += (chains[chain] ?? []).map { "\t\t" + $0 }
                lines.append("\t}")
            }
            lines.append("}")
        }
        return lines
    }
}

extension TestPod {
    /// `nft -s list ruleset` inside the pod (counters left out), as lines.
    func nftRuleset() throws -> [String] {
        let result = try exec("nft", "-s", "list", "ruleset")
        guard result.status == 0 else { throw TestFailure("nft list ruleset: \(result.stderr)") }
        var lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Runs `nft ARGS` inside the pod, failing the test's set-up when it fails.
    func nft(_ arguments: String...) throws {
        let result = try run(["ip", "netns", "exec", name, "nft"] + arguments)
        guard result.status == 0 else { throw TestFailure("nft \(arguments.joined(separator: " ")): \(result.stderr)") }
    }
}

/// The NAT backend a test runs `vmnet up` with.
enum TestNATBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case nftables, iptables

    var flags: [String] { ["--nat-backend", rawValue] }
    var testDescription: String { rawValue }
}
