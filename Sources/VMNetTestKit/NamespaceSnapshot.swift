import FoundationEssentials
import Glibc

/// What a network namespace holds that vmnet may change, as sorted lines to compare: links (kind, MAC, MTU, state,
/// master, tap owner, bridge-port learning), addresses, the routes of every table, the iptables-legacy and
/// ip6tables-legacy tables, the nftables ruleset, sysctls, and the files of some folders.
///
/// Read with `ip -j`, `iptables-legacy-save` and `nft`, not with vmnet's own netlink code, so vmnet is judged by an
/// independent witness. Reading the host changes nothing: `iptables-legacy-save` runs without `-t` there, so it
/// lists the tables that exist and makes none (`-t nat` makes an empty nat table where there was none). IPv6 link-local
/// addresses and their routes are left out (the kernel makes them on its own), and so are counters, timers and
/// interface indexes.
public struct NamespaceSnapshot: Equatable, Sendable {
    /// What to read besides links, addresses and routes.
    public struct Scope: Sendable {
        /// Whether to read the iptables-legacy and ip6tables-legacy tables (root only).
        public var iptables: Bool
        /// The iptables tables to list; `nil` lists every table that exists. Inside a namespace the ones named are
        /// made when missing (see `take`); on the host they are only picked from those that exist.
        public var tables: [String]?
        /// Whether to read `nft list ruleset`.
        public var nftables: Bool
        /// Sysctls to read, as `net/ipv4/ip_forward`; those that do not exist are left out. `{link}` in a key stands
        /// for each link of the namespace (`net/ipv4/conf/{link}/route_localnet`).
        public var sysctls: [String]
        /// Folders whose files (path, size, a digest of the contents) to list, recursively; on the host only.
        public var folders: [String]

        /// Creates a scope.
        public init(
            iptables: Bool = true, tables: [String]? = nil, nftables: Bool = true, sysctls: [String] = [],
            folders: [String] = []
        ) {
            self.iptables = iptables
            self.tables = tables
            self.nftables = nftables
            self.sysctls = sysctls
            self.folders = folders
        }
    }

    /// The sorted lines.
    public let lines: [String]

    /// Creates a snapshot of lines (sorted here).
    public init(lines: [String]) {
        self.lines = lines.sorted()
    }

    /// Reads `namespace` (an `ip netns` name), or the namespace of this process when `nil`.
    /// - Throws: `CommandError` when a tool is missing or fails.
    public static func take(_ namespace: String?, _ scope: Scope = Scope()) throws(CommandError) -> NamespaceSnapshot {
        // `ip -n` enters the namespace alone; `ip netns exec` (for the other tools) also remounts /sys, which
        // costs more under load.
        let inside = { (arguments: [String]) throws(CommandError) -> String in
            let command = namespace.map { name in
                arguments[0] == "ip" ? ["ip", "-n", name] + arguments.dropFirst() : ["ip", "netns", "exec", name] + arguments
            } ?? arguments
            return try Command(command[0], Array(command.dropFirst()), timeout: .seconds(60)).check()
        }
        var lines: [String] = []
        lines += try links(json(inside(["ip", "-j", "-d", "link", "show"])))
        lines += try addresses(json(inside(["ip", "-j", "address", "show"])))
        for family in ["-4", "-6"] {
            lines += try routes(json(inside(["ip", family, "-j", "route", "show", "table", "all"])), family)
        }
        for (tool, family) in [("iptables-legacy-save", "ip4"), ("ip6tables-legacy-save", "ip6")] where scope.iptables {
            // Inside a namespace of the test's, the tables named are saved by name, which makes them if they are
            // missing: a table vmnet's first rule makes, left empty by down, then reads the same before and after.
            // On the host, never: only the tables that exist are listed.
            if let tables = scope.tables, namespace != nil {
                for table in tables { lines += ruleset(try inside([tool, "-t", table]), family: family, tables: nil) }
            } else {
                lines += ruleset(try inside([tool]), family: family, tables: scope.tables)
            }
        }
        if scope.nftables {
            // Counters left out (-s); each line keeps its table and chain, so equal rules in two chains stay apart
            // once the lines are sorted.
            var table = "", chain = ""
            for line in try inside(["nft", "-s", "list", "ruleset"]).split(separator: "\n") {
                let text = trimmed(line)
                if text.hasPrefix("table ") { (table, chain) = (text, "") }
                if text.hasPrefix("chain ") { chain = text }
                lines.append("nft \(table) \(chain) \(text)")
            }
        }
        let linkNames = lines.compactMap { $0.hasPrefix("link ") ? $0.split(separator: " ")[1] : nil }
        let keys = scope.sysctls.flatMap { key in
            key.contains("{link}") ? linkNames.map { key.replacing("{link}", with: $0) } : [key]
        }
        if !keys.isEmpty {
            // One grep for them all; it skips (and exits 2 for) the keys that do not exist.
            let files = Set(keys).sorted().map { "/proc/sys/" + $0 }
            let command = (namespace.map { ["ip", "netns", "exec", $0] } ?? []) + ["grep", "-H", ""] + files
            let output = try Command(command[0], Array(command.dropFirst()), timeout: .seconds(60)).run().stdout
            lines += output.split(separator: "\n").map { "sysctl " + $0.dropFirst("/proc/sys/".count).replacing(":", with: "=", maxReplacements: 1) }
        }
        lines += scope.folders.flatMap(files)
        return NamespaceSnapshot(lines: lines)
    }

    /// The lines of one kind (`link`, `address`, `route4`, `route6`, `ip4`, `ip6`, `nft`, `sysctl`, `file`), without
    /// the kind: `links` of a pod are `eth0 kind=veth mac=… mtu=1500 up=true master=-`, ….
    public func lines(_ kind: String) -> [String] {
        lines.filter { $0.hasPrefix(kind + " ") }.map { String($0.dropFirst(kind.count + 1)) }
    }

    /// Waits up to `timeout` until no address of `namespace` is tentative: the kernel adds an IPv6 address's local
    /// route only when duplicate address detection is done, about a second after a link or the address came up.
    public static func waitUntilSettled(_ namespace: String?, timeout: Duration = .seconds(10)) throws(CommandError) {
        let deadline = ContinuousClock.now + timeout
        let command = namespace.map { ["ip", "-n", $0, "address", "show"] } ?? ["ip", "address", "show"]
        while try Command(command[0], Array(command.dropFirst())).check().contains("tentative"), ContinuousClock.now < deadline {
            usleep(50_000)
        }
    }

    /// Waits up to `timeout` for `namespace` to match this snapshot (IPv6 addresses put back go through duplicate
    /// address detection, and the kernel makes routes a moment after a link comes up); returns the last snapshot.
    public func awaitMatch(_ namespace: String?, _ scope: Scope = Scope(), timeout: Duration = .seconds(5)) throws(CommandError) -> NamespaceSnapshot {
        let deadline = ContinuousClock.now + timeout
        var current = try Self.take(namespace, scope)
        while current != self, ContinuousClock.now < deadline {
            usleep(100_000)
            current = try Self.take(namespace, scope)
        }
        return current
    }

    /// The lines that differ from `before`: `- line` for one that is gone, `+ line` for one that is new.
    public func difference(from before: NamespaceSnapshot) -> [String] {
        let mine = Set(lines), theirs = Set(before.lines)
        return before.lines.filter { !mine.contains($0) }.map { "- " + $0 } + lines.filter { !theirs.contains($0) }.map { "+ " + $0 }
    }

    /// `difference(from:)` in one line for a test's message: the first few of each kind.
    public func summary(from before: NamespaceSnapshot) -> String {
        let lines = difference(from: before)
        return lines.prefix(8).joined(separator: "; ") + (lines.count > 8 ? "; … (\(lines.count) in all)" : "")
    }

    private static func json(_ text: String) throws(CommandError) -> [Entry] {
        if text.allSatisfy(\.isWhitespace) { return [] }
        do {
            return try JSONDecoder().decode([Entry].self, from: Data(text.utf8))
        } catch {
            throw CommandError("ip -j printed something that is not a JSON array of objects: \(error)")
        }
    }

    private static func links(_ entries: [Entry]) -> [String] {
        entries.map { link in
            let info = link["linkinfo"]
            var fields = [
                "link \(link["ifname"]?.text ?? "?")", "kind=\(info?["info_kind"]?.text ?? "-")",
                "mac=\(link["address"]?.text ?? "-")", "mtu=\(link["mtu"]?.text ?? "-")",
                "up=\((link["flags"]?.elements ?? []).contains { $0.text == "UP" })", "master=\(link["master"]?.text ?? "-")",
            ]
            if info?["info_kind"]?.text == "tun", let data = info?["info_data"] {
                for key in ["type", "multi_queue", "owner", "group"] { fields.append("\(key)=\(data[key]?.text ?? "-")") }
            }
            if info?["info_slave_kind"]?.text == "bridge", let learning = info?["info_slave_data"]?["learning"] {
                fields.append("learning=\(learning.text)")
            }
            return fields.joined(separator: " ")
        }
    }

    private static func addresses(_ entries: [Entry]) -> [String] {
        entries.flatMap { link in
            (link["addr_info"]?.elements ?? []).compactMap { address -> String? in
                if address["family"]?.text == "inet6", address["scope"]?.text == "link" { return nil }
                let flags = ["nodad", "noprefixroute"].filter { address[$0]?.text == "true" }
                return (["address \(link["ifname"]?.text ?? "?") \(address["local"]?.text ?? "?")/\(address["prefixlen"]?.text ?? "?")",
                         "scope=\(address["scope"]?.text ?? "-")"] + flags).joined(separator: " ")
            }
        }
    }

    private static func routes(_ entries: [Entry], _ family: String) -> [String] {
        entries.compactMap { route in
            let destination = route["dst"]?.text ?? "?"
            if family == "-6", destination.hasPrefix("fe80:") || destination.hasPrefix("ff00::") || route["type"]?.text == "multicast" {
                return nil
            }
            let keys = ["type", "table", "gateway", "dev", "protocol", "scope", "prefsrc", "metric", "pref"]
            return (["route\(family.dropFirst()) \(destination)"] + keys.compactMap { key in route[key].map { "\(key)=\($0.text)" } })
                .joined(separator: " ")
        }
    }

    /// The lines of an `iptables-legacy-save` listing of `tables` (every one when `nil`), without comments and counters.
    private static func ruleset(_ text: String, family: String, tables: [String]?) -> [String] {
        var table = ""
        var lines: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            if line.hasPrefix("*") { table = String(line.dropFirst()) }
            guard tables?.contains(table) ?? true else { continue }
            lines.append("\(family) \(table) " + line.replacing(#/ ?\[\d+:\d+\]/#, with: ""))
        }
        return lines
    }

    /// Every file under `folder`: its path, size and an FNV-1a digest of its contents; `folder absent` when none.
    private static func files(_ folder: String) -> [String] {
        var isFolder = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder else { return ["folder \(folder) absent"] }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        return ["folder \(folder)"] + names.flatMap { name in
            let full = folder + "/" + name
            var isFolder = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), isFolder { return files(full) }
            guard let data = FileManager.default.contents(atPath: full) else { return ["file \(full) unreadable"] }
            let digest = data.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
            return ["file \(full) \(data.count) bytes fnv1a=\(String(digest, radix: 16))"]
        }
    }

    private static func trimmed<Text: StringProtocol>(_ text: Text) -> String {
        String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}

/// One JSON value of `ip -j`'s output, read only as far as the snapshot needs.
indirect enum Entry: Decodable, Sendable {
    case object([String: Entry])
    case array([Entry])
    case scalar(String)

    init(from decoder: any Decoder) throws {
        if let object = try? [String: Entry](from: decoder) {
            self = .object(object)
        } else if let array = try? [Entry](from: decoder) {
            self = .array(array)
        } else {
            let value = try decoder.singleValueContainer()
            if let text = try? value.decode(String.self) {
                self = .scalar(text)
            } else if let bool = try? value.decode(Bool.self) {
                self = .scalar(bool ? "true" : "false")
            } else if let number = try? value.decode(Int.self) {
                self = .scalar(String(number))
            } else if let number = try? value.decode(Double.self) {
                self = .scalar(String(number))
            } else {
                self = .scalar("null")
            }
        }
    }

    subscript(key: String) -> Entry? {
        if case .object(let object) = self { object[key] } else { nil }
    }

    var elements: [Entry]? {
        if case .array(let array) = self { array } else { nil }
    }

    /// A scalar's text; an object or array as `{…}`/`[…]`.
    var text: String {
        switch self {
        case .scalar(let text): text
        case .array(let array): "[" + array.map(\.text).joined(separator: ",") + "]"
        case .object: "{…}"
        }
    }
}
