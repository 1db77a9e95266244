import VMNetCore
@testable import VMNetRuntime

/// The iptables form of KubeVirt's masquerade NAT (reference §3.2) for one family, with the iptables-legacy
/// command lines a person would type for the same rules.
struct Masquerade {
    let family: IPFamily
    /// nil forwards all ports; otherwise the TCP port forwarded.
    let port: UInt16?

    var gateway: IPAddress { IPAddress(family == .ipv4 ? "10.0.2.1" : "fd10:0:2::1")! }
    var guest: IPAddress { IPAddress(family == .ipv4 ? "10.0.2.2" : "fd10:0:2::2")! }
    var loopback: IPAddress { .loopback(family) }
    var chains: [String] { ["KUBEVIRT_PREINBOUND", "KUBEVIRT_POSTINBOUND"] }

    var rules: [IPTablesRule] {
        let ports = port.map { $0...$0 }
        let proto: IPTablesRule.TransportProtocol? = port == nil ? nil : .tcp
        return [
            IPTablesRule(chain: "POSTROUTING", source: IPNetwork(host: guest), target: .masquerade),
            IPTablesRule(chain: "PREROUTING", inInterface: "eth0", target: .jump("KUBEVIRT_PREINBOUND")),
            IPTablesRule(chain: "POSTROUTING", outInterface: "k6t-eth0", target: .jump("KUBEVIRT_POSTINBOUND")),
            IPTablesRule(chain: "KUBEVIRT_PREINBOUND", transportProtocol: proto, destinationPorts: ports, target: .dnat(to: guest)),
            IPTablesRule(
                chain: "KUBEVIRT_POSTINBOUND", source: IPNetwork(host: loopback), transportProtocol: proto,
                destinationPorts: ports, target: .snat(to: gateway)
            ),
            IPTablesRule(
                chain: "OUTPUT", destination: IPNetwork(host: loopback), transportProtocol: proto,
                destinationPorts: ports, target: .dnat(to: guest)
            ),
        ]
    }

    /// The same rules as typed on an iptables-legacy command line (after `-t nat`).
    var commandLines: [[String]] {
        let match = port.map { ["-p", "tcp", "--dport", "\($0)"] } ?? []
        return [
            ["-N", "KUBEVIRT_PREINBOUND"],
            ["-N", "KUBEVIRT_POSTINBOUND"],
            ["-A", "POSTROUTING", "-s", "\(guest)", "-j", "MASQUERADE"],
            ["-A", "PREROUTING", "-i", "eth0", "-j", "KUBEVIRT_PREINBOUND"],
            ["-A", "POSTROUTING", "-o", "k6t-eth0", "-j", "KUBEVIRT_POSTINBOUND"],
            ["-A", "KUBEVIRT_PREINBOUND"] + match + ["-j", "DNAT", "--to-destination", "\(guest)"],
            ["-A", "KUBEVIRT_POSTINBOUND", "-s", "\(loopback)"] + match + ["-j", "SNAT", "--to-source", "\(gateway)"],
            ["-A", "OUTPUT", "-d", "\(loopback)"] + match + ["-j", "DNAT", "--to-destination", "\(guest)"],
        ]
    }
}

extension TestNamespace {
    /// `iptables-legacy-save -t nat` (or ip6tables) inside the namespace, without its dated comment lines.
    func natSave(_ family: IPFamily) throws -> [String] {
        let tool = family == .ipv4 ? "iptables-legacy-save" : "ip6tables-legacy-save"
        let result = try exec(tool, "-t", "nat")
        guard result.status == 0 else { throw TestFailure("\(tool): \(result.stderr)") }
        return result.stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }

    /// Runs `iptables-legacy -t nat ARGS` (or ip6tables) inside the namespace.
    func iptablesLegacy(_ family: IPFamily, _ arguments: [String]) throws {
        let tool = family == .ipv4 ? "iptables-legacy" : "ip6tables-legacy"
        let result = try run(["ip", "netns", "exec", name, tool, "-t", "nat"] + arguments)
        guard result.status == 0 else { throw TestFailure("\(tool) \(arguments): \(result.stderr)") }
    }
}

/// The nat table of a namespace that has none of our rules.
let emptyNATTable = [
    "*nat", ":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]", ":POSTROUTING ACCEPT [0:0]", "COMMIT",
]
