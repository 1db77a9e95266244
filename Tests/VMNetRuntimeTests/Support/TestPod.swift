import Foundation
import Glibc
import Synchronization
import VMNetTestKit

private let pods = Atomic<Int>(0)

/// A pod made for one test: a namespace whose interfaces are veths into a second namespace standing for the
/// node's side of the CNI (`NAME-out`, which holds the gateways), set up as a CNI would; both are deleted
/// afterwards, even when the test fails.
struct TestPod {
    /// One pod interface and its addresses, as a CNI leaves them.
    struct Interface {
        var name: String
        /// The pod's IPv4 address with prefix; the gateway is the subnet's first host.
        var ipv4: String?
        /// The pod's IPv6 address with prefix (added `nodad`, as CNIs do); the gateway is the subnet's `::1`.
        var ipv6: String?
        /// Whether to add default routes through this interface.
        var isDefault: Bool
        var mtu: Int

        static func eth0(ipv6: Bool = false) -> Interface {
            Interface(name: "eth0", ipv4: "10.244.0.5/24", ipv6: ipv6 ? "fd00:10:244::5/64" : nil, isDefault: true, mtu: 1500)
        }

        static func secondary(_ name: String, subnet: Int) -> Interface {
            Interface(name: name, ipv4: "10.\(subnet).0.2/24", ipv6: nil, isDefault: false, mtu: 1450)
        }
    }

    /// The pod's namespace, under /var/run/netns.
    let name: String
    /// The namespace on the other end of the pod's veths.
    let outside: String
    /// The interfaces.
    let interfaces: [Interface]

    /// Runs `body` with a fresh pod holding `interfaces`, then deletes it.
    @discardableResult
    static func with<T>(_ interfaces: [Interface], _ body: (TestPod) throws -> T) throws -> T {
        let name = "vmnet-pod-\(getpid())-\(pods.add(1, ordering: .relaxed).newValue)"
        let pod = TestPod(name: name, outside: name + "-out", interfaces: interfaces)
        defer {
            _ = try? run("ip", "netns", "del", pod.name)
            _ = try? run("ip", "netns", "del", pod.outside)
        }
        try pod.ip("netns", "add", pod.name)
        try pod.ip("netns", "add", pod.outside)
        // Without duplicate address detection the kernel's link-local addresses are final at once, so snapshots
        // need not wait for them; vmnet's restore does not depend on it either way.
        for namespace in [pod.name, pod.outside] {
            let result = try run("ip", "netns", "exec", namespace, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0")
            guard result.status == 0 else { throw TestFailure("sysctl accept_dad: \(result.stderr)") }
        }
        try pod.ip("-n", pod.outside, "link", "set", "lo", "up")
        for (offset, interface) in interfaces.enumerated() {
            let peer = "peer\(offset)"
            try pod.ip("-n", pod.name, "link", "add", interface.name, "mtu", "\(interface.mtu)", "type", "veth", "peer", "name", peer, "mtu", "\(interface.mtu)", "netns", pod.outside)
            try pod.ip("-n", pod.outside, "link", "set", peer, "up")
            try pod.ip("-n", pod.name, "link", "set", interface.name, "up")
            if let ipv4 = interface.ipv4 {
                let gateway = Self.gateway(ipv4)
                try pod.ip("-n", pod.name, "address", "add", ipv4, "brd", "+", "dev", interface.name)
                try pod.ip("-n", pod.outside, "address", "add", "\(gateway)/\(ipv4.split(separator: "/")[1])", "dev", peer)
                if interface.isDefault {
                    try pod.ip("-n", pod.name, "route", "add", "default", "via", gateway, "dev", interface.name)
                    try pod.ip("-n", pod.name, "route", "add", "192.168.7.0/24", "via", gateway, "dev", interface.name, "metric", "7")
                }
            }
            if let ipv6 = interface.ipv6 {
                let gateway = String(ipv6.prefix { $0 != "/" }.dropLast()) + "1"
                try pod.ip("-n", pod.name, "address", "add", ipv6, "dev", interface.name, "nodad")
                try pod.ip("-n", pod.outside, "address", "add", "\(gateway)/64", "dev", peer, "nodad")
                if interface.isDefault {
                    try pod.ip("-n", pod.name, "-6", "route", "add", "default", "via", gateway, "dev", interface.name)
                }
            }
        }
        try pod.awaitAddressesSettled()
        return try body(pod)
    }

    /// Waits until no address of the pod is tentative (duplicate address detection of the link-local addresses
    /// the kernel gave the new links), so a snapshot taken now is the pod's settled state.
    func awaitAddressesSettled() throws {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let tentative = try json("address", "show").contains { link in
                ((link["addr_info"] as? [[String: Any]]) ?? []).contains { $0["tentative"] as? Bool == true }
            }
            // The kernel adds an IPv6 address's local route a moment after the address, later still under load.
            let local = Set(try json("-6", "route", "show", "table", "local").compactMap { $0["dst"] as? String })
            let routed = interfaces.compactMap(\.ipv6).allSatisfy { local.contains(String($0.prefix { $0 != "/" })) }
            if !tentative, routed { return }
            usleep(50_000)
        }
        throw TestFailure("the pod's IPv6 addresses are still tentative, or without their local routes, after 10 s")
    }

    /// The first host of an IPv4 address's subnet (`10.244.0.5/24` → `10.244.0.1`).
    static func gateway(_ ipv4: String) -> String {
        let parts = ipv4.split(separator: "/")[0].split(separator: ".")
        return parts.prefix(3).joined(separator: ".") + ".1"
    }

    /// Runs `ip ARGS`, failing the test's set-up when it fails.
    func ip(_ arguments: String...) throws {
        let result = try run(["ip"] + arguments)
        guard result.status == 0 else { throw TestFailure("ip \(arguments.joined(separator: " ")): \(result.stderr)") }
    }

    /// Runs `command` inside the pod (`ip netns exec`).
    @discardableResult
    func exec(_ command: String...) throws -> CommandResult {
        try run(["ip", "netns", "exec", name] + command)
    }

    /// `ip -j ARGS` inside the pod, decoded.
    func json(_ arguments: String...) throws -> [[String: Any]] {
        let result = try run(["ip", "-n", name, "-j"] + arguments)
        guard result.status == 0 else { throw TestFailure("ip \(arguments): \(result.stderr)") }
        return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]) ?? []
    }

    /// A sysctl of the pod (`net.ipv4.ip_forward`), nil when it does not exist.
    func sysctl(_ key: String) throws -> String? {
        let result = try exec("sysctl", "-n", key)
        return result.status == 0 ? result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    /// `KEY=VALUE` for each of `keys`, `KEY=-` for those the pod does not have, read by one `sysctl`.
    func sysctls(_ keys: [String]) throws -> [String] {
        let result = try run(["ip", "netns", "exec", name, "sysctl", "-e"] + keys)
        var values: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        return keys.map { "\($0)=\(values[$0] ?? "-")" }
    }

    /// `iptables-legacy-save -t nat` (or ip6tables) of the pod, without comments and packet counters.
    func natTable(_ ipv6: Bool = false) throws -> [String] {
        let tool = ipv6 ? "ip6tables-legacy-save" : "iptables-legacy-save"
        let result = try exec(tool, "-t", "nat")
        guard result.status == 0 else { throw TestFailure("\(tool): \(result.stderr)") }
        return result.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            line.replacingOccurrences(of: #" \[\d+:\d+\]$"#, with: "", options: .regularExpression)
        }
    }
}
