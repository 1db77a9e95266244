import VMNetTestKit

extension NamespaceSnapshot {
    /// Everything `vmnet up` may change in a pod: links, addresses, routes, both legacy nat tables, the nf_tables
    /// ruleset and the sysctls vmnet sets (per link: route_localnet).
    static let pod = Scope(
        tables: ["nat"],
        sysctls: ["net/ipv4/ip_forward", "net/ipv6/conf/all/forwarding", "net/ipv4/conf/all/arp_ignore",
                  "net/ipv4/conf/{link}/route_localnet"])

    /// Takes a snapshot of `pod`.
    init(_ pod: TestPod) throws {
        self = try Self.take(pod.name, Self.pod)
    }

    /// Waits up to `seconds` for the pod to match this snapshot (IPv6 addresses put back go through duplicate
    /// address detection, and the kernel makes link-local addresses and their routes a moment after a link comes
    /// up); returns the last snapshot taken.
    func awaitMatch(_ pod: TestPod, seconds: Int = 5) throws -> NamespaceSnapshot {
        try awaitMatch(pod.name, Self.pod, timeout: .seconds(seconds))
    }

    /// The links, addresses, routes, NAT rules and sysctls, one line each (without their kind).
    var links: [String] { lines("link") }
    var addresses: [String] { lines("address") }
    var routes: [String] { lines("route4") + lines("route6") }
    var nat: [String] { lines("ip4") + lines("ip6") }
    var nftables: [String] { lines("nft") }
    var sysctls: [String] { lines("sysctl") }
}
