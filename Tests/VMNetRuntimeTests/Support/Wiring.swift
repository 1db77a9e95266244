import Foundation

/// What the spec says a binding leaves in the pod, checked against the pod after `vmnet up`.
enum Wiring {
    /// Masquerade (reference §3.2): bridge `k6t-P` with MAC 02:00:00:00:00:00 and the gateway address(es), a tap
    /// enslaved to it, forwarding on, route_localnet on the bridge, and the NAT rules; the pod interface untouched.
    case masquerade(pod: String, tap: String, ports: [Int], ipv6: Bool)
    /// Bridge (reference §3.1): bridge `k6t-P` with the link-local server address, the pod interface enslaved with
    /// learning off, no addresses and a new locally administered MAC, a tap enslaved to the bridge.
    case bridge(pod: String, tap: String, index: Int)

    var podInterface: String {
        switch self {
        case .masquerade(let pod, _, _, _), .bridge(let pod, _, _): pod
        }
    }

    var bridge: String { "k6t-" + podInterface }

    var tap: String {
        switch self {
        case .masquerade(_, let tap, _, _), .bridge(_, let tap, _): tap
        }
    }

    /// The nat-table lines of `wirings` as `iptables-legacy-save` prints them (built-in chains in kernel order,
    /// then user chains sorted, each chain's rules in the order appended), for one family.
    static func natTable(_ wirings: [Wiring], ipv6: Bool) -> [String] {
        var chains: [String: [String]] = ["PREROUTING": [], "INPUT": [], "OUTPUT": [], "POSTROUTING": []]
        var userChains: [String] = []
        for case .masquerade(let pod, _, let ports, let hasIPv6) in wirings where !ipv6 || hasIPv6 {
            let (guest, gateway, loopback, host) = ipv6 ? ("fd10:0:2::2", "fd10:0:2::1", "::1", "128") : ("10.0.2.2", "10.0.2.1", "127.0.0.1", "32")
            userChains = ["KUBEVIRT_POSTINBOUND", "KUBEVIRT_PREINBOUND"]
            chains["POSTROUTING", default: []].append("-A POSTROUTING -s \(guest)/\(host) -j MASQUERADE")
            chains["PREROUTING", default: []].append("-A PREROUTING -i \(pod) -j KUBEVIRT_PREINBOUND")
            chains["POSTROUTING", default: []].append("-A POSTROUTING -o k6t-\(pod) -j KUBEVIRT_POSTINBOUND")
            let matches = ports.isEmpty ? [""] : ports.map { " -p tcp -m tcp --dport \($0)" }
            for match in matches {
                chains["KUBEVIRT_PREINBOUND", default: []].append("-A KUBEVIRT_PREINBOUND\(match) -j DNAT --to-destination \(guest)")
                chains["KUBEVIRT_POSTINBOUND", default: []].append("-A KUBEVIRT_POSTINBOUND -s \(loopback)/\(host)\(match) -j SNAT --to-source \(gateway)")
                chains["OUTPUT", default: []].append("-A OUTPUT -d \(loopback)/\(host)\(match) -j DNAT --to-destination \(guest)")
            }
        }
        let order = ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"] + userChains
        return ["*nat"]
            + ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"].map { ":\($0) ACCEPT" }
            + userChains.map { ":\($0) -" }
            + order.flatMap { chains[$0] ?? [] }
            + ["COMMIT"]
    }
}

extension TestPod {
    /// The links of the pod by name, from `ip -j -d link`.
    func links() throws -> [String: [String: Any]] {
        Dictionary(try json("-d", "link", "show").map { ($0["ifname"] as? String ?? "", $0) }) { first, _ in first }
    }

    /// The global addresses of `link`, as `ADDRESS/PREFIX`.
    func globalAddresses(_ link: String) throws -> [String] {
        try json("address", "show", "dev", link).flatMap { ($0["addr_info"] as? [[String: Any]]) ?? [] }
            .filter { $0["scope"] as? String == "global" }
            .map { "\($0["local"] ?? "")/\($0["prefixlen"] ?? "")" }
    }

    /// The main-table routes through `link`, but the IPv6 link-local and multicast ones every IPv6 link has.
    func routes(through link: String) throws -> [String] {
        (try json("-4", "route", "show", "dev", link) + json("-6", "route", "show", "dev", link))
            .map { "\($0["dst"] ?? "") via \($0["gateway"] ?? "-")" }
            .filter { !$0.hasPrefix("fe80::") && !$0.hasPrefix("ff00::") }
    }
}
