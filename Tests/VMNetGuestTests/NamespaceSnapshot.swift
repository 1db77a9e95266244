import Foundation

/// What a network namespace holds that vmnet may change: its links, addresses, routes (every
/// table), NAT tables and the sysctls of forwarding and of its pod interface, as text lines
/// that compare equal when `vmnet down` restored the namespace exactly.
///
/// Counters, interface indexes, timestamps and address flags (`tentative`) are left out: they
/// change by themselves.
struct NamespaceSnapshot: Equatable {
    /// One line per link: name, kind, bridge-port kind, MAC, MTU, flags, master, promiscuity.
    let links: [String]
    /// One line per address: link, family, address/prefix, scope.
    let addresses: [String]
    /// `ip -4` and `ip -6 route show table all`, one route per line.
    let routes: [String]
    /// `iptables-legacy-save -t nat` without comments and counters.
    let nat: [String]
    /// `ip6tables-legacy-save -t nat` without comments and counters.
    let nat6: [String]
    /// `nft -s list ruleset`: the nf_tables ruleset without counters.
    let nftables: [String]
    /// Forwarding, unprivileged ports and the `conf` sysctls of all, default and eth0.
    let sysctls: [String]

    /// The sysctls compared: the ones vmnet's bindings set, and those of the pod interface.
    static let sysctlPattern =
        #"^net\.ipv4\.(ip_forward|ip_unprivileged_port_start|conf\.(all|default|eth0)\.)|^net\.ipv6\.conf\.(all|default|eth0)\."#

    /// Reads the snapshot of `namespace` (as `ip netns` names it).
    static func take(of namespace: String) throws(GuestTestError) -> NamespaceSnapshot {
        let ip = { (arguments: [String]) throws(GuestTestError) -> String in
            try Command("/usr/sbin/ip", ["-n", namespace] + arguments).check()
        }
        let inside = { (arguments: [String]) throws(GuestTestError) -> String in
            try Command("/usr/sbin/ip", ["netns", "exec", namespace] + arguments).check()
        }
        let links = try jsonObjects(ip(["-j", "-d", "link", "show"])).map(Self.link)
        let addresses = try jsonObjects(ip(["-j", "address", "show"])).flatMap(Self.addresses)
        let routes = try Self.lines(ip(["-o", "-4", "route", "show", "table", "all"]))
            + Self.lines(ip(["-o", "-6", "route", "show", "table", "all"]))
        let nat = try Self.ruleset(inside(["/usr/sbin/iptables-legacy-save", "-t", "nat"]))
        let nat6 = try Self.ruleset(inside(["/usr/sbin/ip6tables-legacy-save", "-t", "nat"]))
        let nftables = try Self.lines(inside(["/usr/sbin/nft", "-s", "list", "ruleset"]))
        // sysctl -a also reports the few keys it may not read (stable_secret): exit status 255.
        let sysctls = try Command(
            "/usr/sbin/ip", ["netns", "exec", namespace, "/usr/sbin/sysctl", "-a", "--pattern", sysctlPattern]
        ).run().stdout
        return NamespaceSnapshot(
            links: links, addresses: addresses, routes: routes, nat: nat, nat6: nat6, nftables: nftables,
            sysctls: Self.lines(sysctls))
    }

    /// Waits until `interface` of `namespace` has its carrier and its IPv6 link-local address has passed
    /// duplicate address detection (then its local route exists): the kernel does both a moment after the link
    /// comes up (about 1–2 s), and a snapshot taken before would differ from any later one.
    static func waitUntilSettled(_ namespace: String, interface: String) throws(GuestTestError) {
        let deadline = Date().addingTimeInterval(5)
        var shown = ""
        while Date() < deadline {
            shown = try Command("/usr/sbin/ip", ["-n", namespace, "address", "show", "dev", interface]).check()
            if shown.contains("LOWER_UP"), !shown.contains("NO-CARRIER"), shown.contains("inet6 fe80:"),
                !shown.contains("tentative")
            {
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw .outputNotSeen(
            text: "\(interface) up with a carrier and a link-local address", command: "ip -n \(namespace) address",
            output: shown)
    }

    /// How `namespace` now differs from this snapshot, retaken for up to 3 s until it matches (a link's carrier
    /// and IPv6 link-local address come back by themselves after an unwiring): nothing when it was restored.
    func differences(inNamespace namespace: String) throws(GuestTestError) -> [String] {
        var after = try Self.take(of: namespace)
        let deadline = Date().addingTimeInterval(3)
        while after != self && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.2)
            after = try Self.take(of: namespace)
        }
        return after.differences(from: self)
    }

    /// What changed from `before` to this snapshot, one line per difference (`- ` gone, `+ ` new).
    func differences(from before: NamespaceSnapshot) -> [String] {
        let sections: [(String, KeyPath<NamespaceSnapshot, [String]>)] = [
            ("link", \.links), ("address", \.addresses), ("route", \.routes), ("nat", \.nat), ("nat6", \.nat6), ("nft", \.nftables),
            ("sysctl", \.sysctls),
        ]
        return sections.flatMap { name, path in
            let old = before[keyPath: path]
            let new = self[keyPath: path]
            return old.filter { !new.contains($0) }.map { "- \(name): \($0)" }
                + new.filter { !old.contains($0) }.map { "+ \(name): \($0)" }
        }
    }

    private static func link(_ object: [String: Any]) -> String {
        let info = object["linkinfo"] as? [String: Any]
        let flags = (object["flags"] as? [String] ?? []).sorted().joined(separator: ",")
        return [
            "\(object["ifname"] ?? "?")",
            "kind=\(info?["info_kind"] ?? "-")",
            "port=\(info?["info_slave_kind"] ?? "-")",
            "mac=\(object["address"] ?? "-")",
            "mtu=\(object["mtu"] ?? "-")",
            "flags=\(flags)",
            "master=\(object["master"] ?? "-")",
            "promiscuity=\(object["promiscuity"] ?? "-")",
        ].joined(separator: " ")
    }

    private static func addresses(_ object: [String: Any]) -> [String] {
        let name = "\(object["ifname"] ?? "?")"
        return (object["addr_info"] as? [[String: Any]] ?? []).map { address in
            "\(name) \(address["family"] ?? "?") \(address["local"] ?? "?")/\(address["prefixlen"] ?? "?") scope \(address["scope"] ?? "?")"
        }
    }

    private static func ruleset(_ text: String) -> [String] {
        lines(text).filter { !$0.hasPrefix("#") }.map {
            $0.replacingOccurrences(of: #"\[[0-9]+:[0-9]+\]"#, with: "", options: .regularExpression)
        }
    }

    private static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// The objects of a JSON array printed by `ip -j`.
private func jsonObjects(_ text: String) throws(GuestTestError) -> [[String: Any]] {
    guard let objects = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else {
        throw .io(path: "ip -j", reason: "not a JSON array of objects: \(text.prefix(200))")
    }
    return objects
}
