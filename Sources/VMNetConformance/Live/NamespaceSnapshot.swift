import FoundationEssentials
import VMNetRuntime

/// What a network namespace holds that vmnet may change, as lines to compare: links (kind, MAC, MTU, state,
/// master, tap owner), addresses, routes of every table, the `nat` tables of iptables-legacy and
/// ip6tables-legacy, the nf_tables ruleset, and sysctls.
///
/// Read with `ip -j`, `iptables-legacy-save` and `nft`, not with vmnet's own netlink code, so the executor is judged
/// by an independent witness. IPv6 link-local addresses and their routes are left out: the kernel makes them
/// from the MAC on its own. So are counters, timers and interface indexes.
struct NamespaceSnapshot: Equatable {
    /// Why a snapshot could not be taken.
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    /// The sorted lines.
    let lines: [String]

    /// Reads `namespace` (an `ip netns` name), including the sysctls `keys` (`net/ipv4/ip_forward`, …) that exist.
    static func take(_ namespace: String, sysctls keys: [String], folder: String) throws(ReadError) -> NamespaceSnapshot {
        guard let ip = Subprocess.tool("ip") else { throw ReadError(description: "the ip command (iproute2) is missing") }
        var lines: [String] = []
        lines += try links(json(ip, ["-n", namespace, "-j", "-d", "link", "show"], folder))
        lines += try addresses(json(ip, ["-n", namespace, "-j", "addr", "show"], folder))
        for family in ["-4", "-6"] {
            lines += try routes(json(ip, ["-n", namespace, family, "-j", "route", "show", "table", "all"], folder), family)
        }
        for (tool, family) in [("iptables-legacy-save", "nat4"), ("ip6tables-legacy-save", "nat6")] {
            guard let path = Subprocess.tool(tool) else { throw ReadError(description: "\(tool) (package iptables) is missing") }
            let output = try command(ip, ["netns", "exec", namespace, path, "-t", "nat"], folder)
            lines += output.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
                "\(family) " + line.replacing(#/ ?\[\d+:\d+\]/#, with: "")
            }
        }
        guard let nft = Subprocess.tool("nft") else { throw ReadError(description: "the nft command (package nftables) is missing") }
        // Counters left out (-s); each line keeps its chain, so equal lines in two chains stay apart.
        var table = "", chain = ""
        for line in try command(ip, ["netns", "exec", namespace, nft, "-s", "list", "ruleset"], folder).split(separator: "\n") {
            let text = String(line).trimmingWhitespace()
            if text.hasPrefix("table ") { (table, chain) = (text, "") }
            if text.hasPrefix("chain ") { chain = text }
            lines.append("nft \(table) \(chain) \(text)")
        }
        if !keys.isEmpty {
            let files = Set(keys).sorted().map { "/proc/sys/\($0)" }
            let output = try? Subprocess.run(ip, ["netns", "exec", namespace, "grep", "-H", ""] + files, folder: folder)
            lines += (output?.standardOutput ?? "").split(separator: "\n").map { "sysctl " + $0.dropFirst("/proc/sys/".count) }
        }
        return NamespaceSnapshot(lines: lines.sorted())
    }

    /// What differs from `before`, e.g. `missing: route4 default via 10.244.0.1 dev eth0 …; extra: link k6t-eth0 …`.
    func difference(from before: NamespaceSnapshot) -> String {
        let missing = Set(before.lines).subtracting(lines).sorted()
        let extra = Set(lines).subtracting(before.lines).sorted()
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing " + missing.prefix(4).joined(separator: "; ") + (missing.count > 4 ? "; …" : "")) }
        if !extra.isEmpty { parts.append("extra " + extra.prefix(4).joined(separator: "; ") + (extra.count > 4 ? "; …" : "")) }
        return parts.joined(separator: " / ")
    }

    private static func command(_ tool: String, _ arguments: [String], _ folder: String) throws(ReadError) -> String {
        let output: Subprocess.Output
        do {
            output = try Subprocess.run(tool, arguments, folder: folder)
        } catch {
            throw ReadError(description: error.description)
        }
        guard output.termination == .exited(0) else {
            throw ReadError(description: "\(tool) \(arguments.joined(separator: " ")) \(output.termination): \(output.standardError)")
        }
        return output.standardOutput
    }

    private static func json(_ tool: String, _ arguments: [String], _ folder: String) throws(ReadError) -> [JSONValue] {
        let text = try command(tool, arguments, folder)
        if text.allSatisfy(\.isWhitespace) { return [] }
        guard let value = JSONValue(parsing: Array(text.utf8)), let elements = value.elements else {
            throw ReadError(description: "\(tool) \(arguments.joined(separator: " ")) printed something that is not a JSON array")
        }
        return elements
    }

    private static func links(_ entries: [JSONValue]) -> [String] {
        entries.map { link in
            let info = link["linkinfo"]
            var fields = [
                "link \(link["ifname"]?.text ?? "?")", "kind=\(info?["info_kind"]?.text ?? "-")",
                "mac=\(link["address"]?.text ?? "-")", "mtu=\(link["mtu"]?.brief ?? "-")",
                "up=\((link["flags"]?.elements ?? []).contains("UP"))", "master=\(link["master"]?.text ?? "-")",
            ]
            if info?["info_kind"]?.text == "tun", let data = info?["info_data"] {
                for key in ["type", "multi_queue", "owner", "group"] { fields.append("\(key)=\(data[key]?.brief ?? "-")") }
            }
            if info?["info_slave_kind"]?.text == "bridge", let learning = info?["info_slave_data"]?["learning"] {
                fields.append("learning=\(learning.brief)")
            }
            return fields.joined(separator: " ")
        }
    }

    private static func addresses(_ entries: [JSONValue]) -> [String] {
        entries.flatMap { link in
            (link["addr_info"]?.elements ?? []).compactMap { address -> String? in
                if address["family"]?.text == "inet6", address["scope"]?.text == "link" { return nil }
                return "address \(link["ifname"]?.text ?? "?") \(address["local"]?.text ?? "?")/\(address["prefixlen"]?.brief ?? "?")"
            }
        }
    }

    private static func routes(_ entries: [JSONValue], _ family: String) -> [String] {
        entries.compactMap { route in
            let destination = route["dst"]?.text ?? "?"
            if family == "-6", destination.hasPrefix("fe80:") || destination.hasPrefix("ff00::") || route["type"]?.text == "multicast" {
                return nil
            }
            let keys = ["type", "table", "gateway", "dev", "protocol", "scope", "prefsrc", "metric", "pref"]
            return (["route\(family.dropFirst()) \(destination)"] + keys.compactMap { key in route[key].map { "\(key)=\($0.text ?? $0.brief)" } })
                .joined(separator: " ")
        }
    }
}
