import Foundation
import Glibc
import Synchronization
import VMNetDHCP
import VMNetSystem

private let namespaceCounter = Atomic<Int>(0)

/// A "pod" network namespace with bridges, and "guest" namespaces attached to them by veths, all deleted by `remove`.
///
/// IPv6 duplicate address detection is off in every namespace so addresses are usable at once.
final class TestNetwork {
    let pod: String
    private(set) var guests: [String] = []
    private let prefix: String

    init() throws {
        prefix = "vmnet-test-dhcp-\(getpid())-\(namespaceCounter.wrappingAdd(1, ordering: .relaxed).newValue)"
        pod = prefix + "-pod"
        try Self.addNamespace(pod)
    }

    /// Deletes every namespace made, which also removes their links.
    func remove() {
        for name in guests + [pod] {
            _ = try? runCommand("/usr/sbin/ip", ["netns", "del", name], timeout: .seconds(10))
        }
    }

    /// Adds a bridge to the pod namespace with `addresses` (`ip addr` syntax, e.g. `10.0.2.1/24`).
    func addBridge(_ name: String, addresses: [String] = []) throws {
        try ip("-n", pod, "link", "add", name, "type", "bridge", "forward_delay", "0")
        for address in addresses {
            try ip(["-n", pod, "addr", "add", address, "dev", name] + (address.contains(":") ? ["nodad"] : []))
        }
        try ip("-n", pod, "link", "set", name, "up")
    }

    /// Adds a guest namespace whose `eth0` has `mac` and is plugged into `bridge`; returns the namespace name.
    @discardableResult
    func addGuest(mac: String, bridge: String = "k6t-eth0") throws -> String {
        let guest = "\(prefix)-guest\(guests.count)"
        try Self.addNamespace(guest)
        guests.append(guest)
        let port = "port\(guests.count)"
        try ip("-n", pod, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", guest)
        try ip("-n", pod, "link", "set", port, "master", bridge)
        try ip("-n", pod, "link", "set", port, "up")
        try ip("-n", guest, "link", "set", "eth0", "address", mac)
        try ip("-n", guest, "link", "set", "eth0", "up")
        return guest
    }

    private static func addNamespace(_ name: String) throws {
        try ip("netns", "add", name)
        try ip("-n", name, "link", "set", "lo", "up")
        for scope in ["all", "default"] {
            let result = try runCommand(
                "/usr/sbin/ip", ["netns", "exec", name, "sysctl", "-qw", "net.ipv6.conf.\(scope).accept_dad=0"],
                timeout: .seconds(10))
            guard result.status == 0 else { throw CommandFailure(command: "sysctl accept_dad in \(name)", output: result.stdout + result.stderr) }
        }
    }
}
