import Foundation

/// The network's own DHCP server, in the node namespace: busybox udhcpd on the pod's veth peer, leasing the pod's
/// address to the pod's MAC with the node as router and the pod's DNS server. What a guest on a macvtap asks when
/// vmnet serves no DHCP.
final class NodeDHCPServer {
    private let directory: URL
    private var server: ChildProcess?

    /// Starts udhcpd inside `namespace` on `interface`, writing its files under `directory`.
    init(namespace: String, interface: String, directory: URL) throws(GuestTestError) {
        self.directory = directory.appendingPathComponent("node-dhcp")
        let config = self.directory.appendingPathComponent("udhcpd.conf")
        let leases = self.directory.appendingPathComponent("leases")
        let text = """
            start \(PodUnderTest.podAddress)
            end \(PodUnderTest.podAddress)
            interface \(interface)
            lease_file \(leases.path)
            pidfile \(self.directory.appendingPathComponent("udhcpd.pid").path)
            static_lease \(PodUnderTest.podMAC) \(PodUnderTest.podAddress)
            option subnet 255.255.255.0
            option router \(PodUnderTest.nodeAddress)
            option dns \(PodUnderTest.dnsServer)
            option lease 3600

            """
        do {
            try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: config)
            try Data().write(to: leases)
        } catch {
            throw .io(path: self.directory.path, reason: "\(error)")
        }
        server = try ChildProcess(
            "/usr/sbin/ip", ["netns", "exec", namespace, "/bin/busybox", "udhcpd", "-f", config.path],
            stdout: self.directory.appendingPathComponent("udhcpd.log").path,
            stderr: self.directory.appendingPathComponent("udhcpd.log").path)
    }

    deinit {
        stop()
    }

    /// What udhcpd printed: its `sending ACK to …` lines say whom it leased.
    var log: String {
        (try? String(contentsOf: directory.appendingPathComponent("udhcpd.log"), encoding: .utf8)) ?? ""
    }

    /// Stops the server.
    func stop() {
        server?.send(SIGTERM)
        server?.wait()
        server = nil
    }
}
