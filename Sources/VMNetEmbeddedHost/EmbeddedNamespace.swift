import VMNetCore
import VMNetRuntime

/// One network namespace of an `EmbeddedHost`, as data: what the kernel would hold. Two namespaces compare equal
/// when they hold the same links, addresses, routes, sysctls and NAT rules, so a test compares the namespace
/// before `up` with the one after a rollback or a `down`.
///
/// Its changes follow the kernel's rules where vmnet depends on them: a link must be down to be renamed; setting
/// a link down drops the routes through it and its IPv6 addresses, and setting it up brings back the routes of its
/// addresses' subnets; removing an address drops its subnet's route and the routes via gateways in it; deleting a
/// link drops its addresses, routes, ports and sysctls. IPv6 link-local addresses are not modelled.
public struct EmbeddedNamespace: Sendable, Equatable {
    /// The links, in index order.
    public internal(set) var links: [Link]
    /// The addresses, as the kernel lists them: IPv4 before IPv6, by link, oldest first.
    public internal(set) var addresses: [InterfaceAddress]
    /// The main table's unicast routes, as the kernel lists them: IPv4 before IPv6, by destination, then metric.
    public internal(set) var routes: [Route]
    /// The network sysctls by key (`net/ipv4/ip_forward`): the namespace-wide ones and each link's own.
    public var sysctls: [String: String]
    /// The nat tables.
    public var nat: EmbeddedNATTables

    /// A new namespace, as `ip netns add` makes it: loopback (down) and the default sysctls.
    public init() {
        links = [Link(index: 1, name: "lo", kind: nil, mac: nil, mtu: 65536, isUp: false, masterIndex: nil, learning: nil)]
        addresses = []
        routes = []
        sysctls = [
            "net/ipv4/ip_forward": "0", "net/ipv4/ip_unprivileged_port_start": "1024",
            "net/ipv6/conf/all/forwarding": "0", "net/ipv6/conf/default/forwarding": "0",
        ]
        nat = EmbeddedNATTables()
        sysctls.merge(Self.linkSysctls("lo")) { current, _ in current }
    }

    /// The link named `name`.
    public func link(_ name: String) -> Link? {
        links.first { $0.name == name }
    }

    /// The sysctls the kernel makes for each link, with their defaults.
    static func linkSysctls(_ name: String) -> [String: String] {
        [
            "net/ipv4/conf/\(name)/forwarding": "0", "net/ipv4/conf/\(name)/route_localnet": "0",
            "net/ipv4/conf/\(name)/proxy_arp": "0", "net/ipv6/conf/\(name)/disable_ipv6": "0",
            "net/ipv6/conf/\(name)/forwarding": "0", "net/ipv6/conf/\(name)/addr_gen_mode": "0",
            "net/ipv6/conf/\(name)/keep_addr_on_down": "0",
        ]
    }
}
