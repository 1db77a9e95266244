import Foundation
import VMNetTestKit
import Synchronization

/// A network namespace standing in for a KubeVirt pod, for proving the guest kit: bridge
/// br0 with 10.0.2.1/24 and fd10:0:2::1/120, the tap tap0 enslaved to it for the guest, and
/// busybox udhcpd offering 10.0.2.x with every option the guest must capture. (The
/// acceptance tests use the project's own DHCP server instead.)
final class PodNamespace {
    /// The bridge's IPv4 address: the guest's router, DNS server and TFTP server.
    static let gateway = "10.0.2.1"
    /// The bridge's IPv6 address.
    static let gateway6 = "fd10:0:2::1"
    /// The DHCP options udhcpd hands out, as the guest reports them.
    static let mtu = "1450"
    static let staticRoute = "10.9.0.0/16>10.0.2.1"
    static let domain = "vmnet.test"
    static let search = ["vmnet.test", "example.test"]
    static let hostname = "vmnet-guest"
    static let bootFile = "pxelinux.0"

    private static let counter = Atomic<Int>(0)

    /// The namespace's name (`ip netns exec NAME`).
    let name: String
    /// The tap the guest's `<interface type='ethernet'>` attaches to.
    let tap = "tap0"
    private let directory: URL
    private var servers: [ChildProcess] = []

    /// Creates the namespace, bridge and tap (`multi_queue` for a multi-queue virtio NIC)
    /// and starts udhcpd; removes whatever it made if a step fails.
    init(multiQueueTap: Bool = false) throws(GuestTestError) {
        name = "vmnet-test-guest-\(getpid())-\(Self.counter.add(1, ordering: .relaxed).newValue)"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try Self.require("/usr/sbin/ip", package: "iproute2")
        try Self.require("/bin/busybox", package: "busybox-static")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory.path, reason: "\(error)")
        }
        do {
            try Self.ip("netns", "add", name)
            try Self.ip("-n", name, "link", "set", "lo", "up")
            try Self.ip("-n", name, "link", "add", "br0", "type", "bridge")
            try Self.ip("-n", name, "addr", "add", "\(Self.gateway)/24", "dev", "br0")
            try Self.ip("-n", name, "-6", "addr", "add", "\(Self.gateway6)/120", "dev", "br0", "nodad")
            try Self.ip("-n", name, "link", "set", "br0", "up")
            try Self.ip(["-n", name, "tuntap", "add", "dev", tap, "mode", "tap"] + (multiQueueTap ? ["multi_queue"] : []))
            try Self.ip("-n", name, "link", "set", tap, "master", "br0", "up")
            try startDHCPServer()
        } catch {
            remove()
            throw error
        }
    }

    /// Serves `page` as / over HTTP on port 8080 of every pod address until `remove()`.
    func serveHTTP(page: String) throws(GuestTestError) {
        let root = directory.appendingPathComponent("www")
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try Data((page + "\n").utf8).write(to: root.appendingPathComponent("index.html"))
        } catch {
            throw .io(path: root.path, reason: "\(error)")
        }
        try startServer(["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", root.path])
    }

    /// Answers `reply` to every TCP connection on `port` of every pod address until `remove()`.
    func serveTCP(port: Int, reply: String) throws(GuestTestError) {
        try startServer(["/bin/busybox", "nc", "-ll", "-p", String(port), "-e", "/bin/echo", reply])
    }

    /// Runs a command inside the namespace and returns its output.
    func run(_ arguments: [String]) throws(GuestTestError) -> CommandResult {
        try Command("/usr/sbin/ip", ["netns", "exec", name] + arguments).run()
    }

    /// Stops the servers and deletes the namespace (with its bridge and tap) and the files.
    func remove() {
        for server in servers {
            server.send(SIGTERM)
            server.wait()
        }
        servers = []
        try? Self.ip("netns", "del", name)
        try? FileManager.default.removeItem(at: directory)
    }

    private func startDHCPServer() throws(GuestTestError) {
        let config = directory.appendingPathComponent("udhcpd.conf")
        let leases = directory.appendingPathComponent("udhcpd.leases")
        let text = """
            start 10.0.2.2
            end 10.0.2.20
            interface br0
            lease_file \(leases.path)
            pidfile \(directory.appendingPathComponent("udhcpd.pid").path)
            option subnet 255.255.255.0
            option router \(Self.gateway)
            option dns \(Self.gateway)
            option mtu \(Self.mtu)
            option domain \(Self.domain)
            option search \(Self.search.joined(separator: " "))
            option staticroutes 10.9.0.0/16 \(Self.gateway)
            option tftp \(Self.gateway)
            option bootfile \(Self.bootFile)
            option hostname \(Self.hostname)
            option lease 3600

            """
        do {
            try Data(text.utf8).write(to: config)
            try Data().write(to: leases)
        } catch {
            throw .io(path: config.path, reason: "\(error)")
        }
        // -a 100: udhcpd ARP-pings an address before offering it, 2 s by default.
        try startServer(["/bin/busybox", "udhcpd", "-f", "-a", "100", config.path])
    }

    private func startServer(_ command: [String]) throws(GuestTestError) {
        servers.append(try ChildProcess("/usr/sbin/ip", ["netns", "exec", name] + command))
    }

    private static func ip(_ arguments: String...) throws(GuestTestError) {
        try ip(arguments)
    }

    private static func ip(_ arguments: [String]) throws(GuestTestError) {
        try Command("/usr/sbin/ip", arguments).check()
    }

    private static func require(_ path: String, package: String) throws(GuestTestError) {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw .missingTool(path: path, package: package)
        }
    }
}
