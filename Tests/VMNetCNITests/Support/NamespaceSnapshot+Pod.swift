import Foundation

/// What a CNI leaves in a pod and `vmnet down` must put back, as `ip` shows it: each link's kind, MAC, MTU, state
/// and master; every address; every route of every table.
struct PodSnapshot: Equatable, CustomStringConvertible {
    var links: [String]
    var addresses: [String]
    var routes: [String]

    /// Takes a snapshot of `pod` once no address of it is tentative: the kernel adds an IPv6 address's local route
    /// only when duplicate address detection is done, about a second after a link (or the address) came up.
    init(_ pod: TestNamespace) throws {
        let deadline = Date().addingTimeInterval(10)
        while try pod.json("address", "show").contains(where: { link in
            ((link["addr_info"] as? [[String: Any]]) ?? []).contains { $0["tentative"] as? Bool == true }
        }), Date() < deadline {
            usleep(50_000)
        }
        links = try pod.json("-d", "link", "show").map { link in
            let kind = (link["linkinfo"] as? [String: Any])?["info_kind"] ?? "-"
            let up = ((link["flags"] as? [String]) ?? []).contains("UP") ? "up" : "down"
            return "\(link["ifname"] ?? "") kind=\(kind) mac=\(link["address"] ?? "-") mtu=\(link["mtu"] ?? "-") \(up) master=\(link["master"] ?? "-")"
        }.sorted()
        addresses = try pod.json("address", "show").flatMap { link in
            ((link["addr_info"] as? [[String: Any]]) ?? []).map { "\(link["ifname"] ?? "") \($0["local"] ?? "")/\($0["prefixlen"] ?? "") scope \($0["scope"] ?? "")" }
        }.sorted()
        routes = try (pod.json("-4", "route", "show", "table", "all") + pod.json("-6", "route", "show", "table", "all")).map { route in
            ["type", "dst", "gateway", "dev", "table", "protocol", "scope", "metric", "prefsrc"].map { "\($0)=\(route[$0] ?? "-")" }
                .joined(separator: " ")
        }.sorted()
    }

    /// Waits up to `seconds` for `pod` to match this snapshot (the kernel adds an IPv6 link-local address and its
    /// routes a moment after a link comes back up); returns the last snapshot taken.
    func awaitMatch(_ pod: TestNamespace, seconds: Double = 5) throws -> PodSnapshot {
        let deadline = Date().addingTimeInterval(seconds)
        var current = try PodSnapshot(pod)
        while current != self, Date() < deadline {
            usleep(100_000)
            current = try PodSnapshot(pod)
        }
        return current
    }

    var description: String { (links + addresses + routes).joined(separator: "\n") }

    /// The lines that differ: `-` only here, `+` only in `other`.
    func difference(from other: PodSnapshot) -> String {
        let mine = links + addresses + routes, theirs = other.links + other.addresses + other.routes
        return (mine.filter { !theirs.contains($0) }.map { "- \($0)" } + theirs.filter { !mine.contains($0) }.map { "+ \($0)" })
            .joined(separator: "\n")
    }
}
