import Foundation
import VMNetTestKit

extension NamespaceSnapshot {
    /// What the guest tests compare in a pod: links, addresses, routes, both nat tables and the sysctls vmnet and
    /// the CNI plugins write.
    static let guestPod = Scope(
        tables: ["nat"],
        sysctls: [
            "net/ipv4/ip_forward", "net/ipv4/ip_unprivileged_port_start", "net/ipv6/conf/all/forwarding",
            "net/ipv4/conf/{link}/route_localnet", "net/ipv4/conf/{link}/arp_ignore", "net/ipv4/conf/{link}/forwarding",
            "net/ipv6/conf/{link}/forwarding", "net/ipv6/conf/{link}/disable_ipv6", "net/ipv6/conf/{link}/accept_dad",
        ])

    /// Takes a snapshot of `namespace`.
    static func take(of namespace: String) throws(GuestTestError) -> NamespaceSnapshot {
        do {
            return try take(namespace, guestPod)
        } catch {
            throw .cannotStart(command: "snapshot of \(namespace)", reason: error.description)
        }
    }

    /// Waits up to 5 s until `interface` of `namespace` is up with a carrier and a link-local address that is no
    /// longer tentative: before that, the kernel is still adding addresses and routes of its own.
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

    /// What differs in `namespace` from this snapshot, after up to 3 s for the kernel to settle.
    func differences(inNamespace namespace: String) throws(GuestTestError) -> [String] {
        do {
            return try awaitMatch(namespace, Self.guestPod, timeout: .seconds(3)).difference(from: self)
        } catch {
            throw .cannotStart(command: "snapshot of \(namespace)", reason: error.description)
        }
    }
}
