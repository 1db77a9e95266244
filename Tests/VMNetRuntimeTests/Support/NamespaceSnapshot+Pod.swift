import Foundation

/// Everything `vmnet up` may change in a namespace, as `ip`, `sysctl` and `iptables-legacy-save` show it: links
/// (kind, MAC, MTU, up, master, bridge-port learning), addresses (with scope and flags), every routing table,
/// the sysctls vmnet sets, and both nat tables.
struct NamespaceSnapshot: Equatable, CustomStringConvertible {
    var links: [String]
    var addresses: [String]
    var routes: [String]
    var sysctls: [String]
    var nat: [String]

    /// Takes a snapshot of `pod`.
    init(_ pod: TestPod) throws {
        let links = try pod.json("-d", "link", "show")
        self.links = links.map { link in
            let info = link["linkinfo"] as? [String: Any]
            let port = info?["info_slave_data"] as? [String: Any]
            let flags = (link["flags"] as? [String]) ?? []
            return [
                "\(link["ifname"] ?? "")", "kind=\(info?["info_kind"] ?? "-")", "mac=\(link["address"] ?? "-")",
                "mtu=\(link["mtu"] ?? "-")", flags.contains("UP") ? "up" : "down", "master=\(link["master"] ?? "-")",
                "learning=\(port?["learning"] ?? "-")",
            ].joined(separator: " ")
        }.sorted()
        addresses = try pod.json("address", "show").flatMap { link in
            ((link["addr_info"] as? [[String: Any]]) ?? []).map { address in
                let flags = ["nodad", "noprefixroute"].filter { address[$0] as? Bool == true }
                return "\(link["ifname"] ?? "") \(address["local"] ?? "")/\(address["prefixlen"] ?? "") scope \(address["scope"] ?? "") \(address["broadcast"].map { "brd \($0)" } ?? "") \(flags.joined(separator: " "))"
            }
        }.sorted()
        routes = try (pod.json("-4", "route", "show", "table", "all") + pod.json("-6", "route", "show", "table", "all")).map { route in
            ["type", "dst", "gateway", "dev", "table", "protocol", "scope", "metric", "prefsrc"]
                .map { "\($0)=\(route[$0] ?? "-")" }.joined(separator: " ")
        }.sorted()
        var sysctls = ["net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding", "net.ipv4.conf.all.arp_ignore"]
        sysctls += links.compactMap { $0["ifname"] as? String }.map { "net.ipv4.conf.\($0).route_localnet" }
        self.sysctls = try pod.sysctls(sysctls)
        nat = try pod.natTable() + pod.natTable(true)
    }

    /// Waits up to `seconds` for the pod to match this snapshot (IPv6 addresses put back go through duplicate
    /// address detection, and the kernel makes link-local addresses and their routes a moment after a link comes
    /// up); returns the last snapshot taken.
    func awaitMatch(_ pod: TestPod, seconds: Double = 5) throws -> NamespaceSnapshot {
        let deadline = Date().addingTimeInterval(seconds)
        var current = try NamespaceSnapshot(pod)
        while current != self, Date() < deadline {
            usleep(100_000)
            current = try NamespaceSnapshot(pod)
        }
        return current
    }

    var description: String {
        (links + addresses + routes + sysctls + nat).joined(separator: "\n")
    }

    /// The lines of each part that differ, for a readable failure.
    func difference(from other: NamespaceSnapshot) -> String {
        zip([links, addresses, routes, sysctls, nat], [other.links, other.addresses, other.routes, other.sysctls, other.nat])
            .flatMap { mine, theirs in
                mine.filter { !theirs.contains($0) }.map { "- \($0)" } + theirs.filter { !mine.contains($0) }.map { "+ \($0)" }
            }.joined(separator: "\n")
    }
}
