import Foundation

/// The `--pod` file of `vmnet plan` and `vmnet domain` for a real namespace: its interfaces as
/// the CNI left them, read with `ip -j` the way `vmnet up` reads them with netlink (every link
/// but loopback with an Ethernet address, its global addresses, its main-table routes but the
/// IPv6 link-local ones), so the devices a dry run prints are those `vmnet up` wires.
enum PodDescription {
    /// The description of `namespace` as JSON.
    static func json(of namespace: String) throws(GuestTestError) -> Data {
        let ip = { (arguments: [String]) throws(GuestTestError) -> [[String: Any]] in
            let text = try Command("/usr/sbin/ip", ["-n", namespace, "-j"] + arguments).check()
            guard let objects = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else {
                throw .io(path: "ip -j \(arguments.joined(separator: " "))", reason: "not a JSON array: \(text.prefix(200))")
            }
            return objects
        }
        let links = try ip(["address", "show"])
        let routes = try ip(["-4", "route", "show"]) + ip(["-6", "route", "show"])
        let interfaces: [[String: Any]] = links.compactMap { link in
            guard let name = link["ifname"] as? String, name != "lo", link["link_type"] as? String == "ether",
                let mac = link["address"] as? String, let mtu = link["mtu"] as? Int
            else { return nil }
            let addresses = (link["addr_info"] as? [[String: Any]] ?? []).compactMap { address -> String? in
                guard address["scope"] as? String == "global", let local = address["local"] as? String,
                    let prefix = address["prefixlen"] as? Int
                else { return nil }
                return "\(local)/\(prefix)"
            }
            let linkRoutes = routes.filter { $0["dev"] as? String == name }.compactMap(Self.route)
            return ["name": name, "macAddress": mac, "mtu": mtu, "addresses": addresses, "routes": linkRoutes]
        }
        do {
            return try JSONSerialization.data(withJSONObject: ["interfaces": interfaces], options: [.sortedKeys])
        } catch {
            throw .io(path: "pod description of \(namespace)", reason: "\(error)")
        }
    }

    /// A route as `PodRoute` encodes it: no destination for the default route, no gateway on link.
    private static func route(_ object: [String: Any]) -> [String: String]? {
        guard let destination = object["dst"] as? String, !destination.hasPrefix("fe80:") else { return nil }
        var route: [String: String] = [:]
        if destination != "default" {
            route["destination"] =
                destination.contains("/") ? destination : destination + (destination.contains(":") ? "/128" : "/32")
        }
        if let gateway = object["gateway"] as? String {
            route["gateway"] = gateway
        }
        return route
    }
}
