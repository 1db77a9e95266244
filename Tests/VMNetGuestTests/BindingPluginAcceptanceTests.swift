import Foundation
import Testing

/// The acceptance scenarios of the bindings written against the plugin SDK alone (passt, macvtap), selected by the
/// key form third-party bindings use (`passt: {}`, `macvtap: {}`): a real guest behind each, the node on the other
/// end of the pod's veth, and the pod exactly as it was after `vmnet down`.
@Suite("Acceptance: real guests behind the passt and macvtap plugins", .timeLimit(.minutes(5)))
struct BindingPluginAcceptanceTests {
    @Test(
        "passt with ports [80]: passt's DHCP gives the pod's IP, gateway and DNS; egress leaves from the pod's IP; the node reaches port 80, not 81; down stops passt (needs root)",
        AcceptanceTests.needsRoot)
    func passtWithPorts() async throws {
        let (report, teardown, peers, port80, port81, passtFolders) = try await onOwnThread {
            let pod = try PodUnderTest()
            defer { pod.remove() }
            let node = try pod.serveWebOnNode()
            // passt maps the gateway's address to the pod itself (its --map-gw default, as libvirt runs it), so the
            // guest's request goes to another of the node's addresses, routed through the gateway.
            try Command("/usr/sbin/ip", ["-n", pod.node, "address", "add", "\(Self.nodeServiceAddress)/32", "dev", "lo"]).check()
            let devices = try pod.wire([VMNetBinary.fixture("acceptance/passt-ports.yaml")], dhcp: false)
            let guest = try GuestRun(
                devices: devices, scenario: "serve-http", namespace: pod.name,
                arguments: ["token": "passt-1", "ports": "81", "target": AcceptanceTests.nodePage(Self.nodeServiceAddress)]
            ).start()
            defer { guest.stop() }
            _ = try guest.waitForLine(startingWith: "VMNET-READY")
            let port80 = try pod.onNode(AcceptanceTests.httpGet("http://\(PodUnderTest.podAddress)/cgi-bin/peer"))
            let port81 = try pod.onNode(["/bin/sh", "-c", "echo hello | /bin/busybox nc -w 3 \(PodUnderTest.podAddress) 81"])
            _ = try pod.onNode(AcceptanceTests.httpGet("http://\(PodUnderTest.podAddress)/cgi-bin/stop"))
            let report = guest.finish()
            let teardown = try pod.unwire()
            return (report, teardown, node.peers, port80, port81, Self.passtFolders())
        }

        let nic = try #require(report.nics.first, "\(report)")
        #expect(report.finished && report.problems.isEmpty, "\(report)")
        #expect(nic.driver == "virtio_net")
        #expect(nic["dhcp"] == "ok" && nic.ipv4 == "\(PodUnderTest.podAddress)/\(PodUnderTest.prefixLength)", "\(report)")
        #expect(nic["router"] == PodUnderTest.nodeAddress)
        #expect(nic["mtu"] == "1500")
        #expect(nic.list("dns") == Self.nameservers(), "passt hands out the pod's resolv.conf servers: \(report)")
        #expect(report.fetches.first?["body"] == "node \(PodUnderTest.podAddress)", "\(report)")
        #expect(peers == [PodUnderTest.podAddress], "the node saw the guest's request come from the pod's IP")
        #expect(port80.stdout == "passt-1 \(PodUnderTest.nodeAddress)\n", "the guest saw the node's address: \(port80)")
        #expect(port81.status != 0 && !port81.stdout.contains("passt-1"), "\(port81)")
        #expect(!report.received.contains { $0["port"] == "81" }, "\(report)")
        #expect(passtFolders.isEmpty, "down stopped passt and removed its files: \(passtFolders)")
        #expect(teardown.leases.isEmpty, "vmnet served no DHCP")
        #expect(teardown.differences.isEmpty, "vmnet down left the pod changed:\n\(teardown.differences.joined(separator: "\n"))")
    }

    @Test(
        "macvtap on the pod network: the guest has the pod's MAC, gets the pod's IP from the network's own DHCP, reaches the node from it and is reached on it (needs root)",
        AcceptanceTests.needsRoot)
    func macvtapOnPodNetwork() async throws {
        let (report, teardown, peers, inbound, tap, dhcpLog) = try await onOwnThread {
            let pod = try PodUnderTest()
            defer { pod.remove() }
            let node = try pod.serveWebOnNode()
            let dhcp = try NodeDHCPServer(namespace: pod.node, interface: "veth-pod", directory: pod.directory)
            defer { dhcp.stop() }
            let devices = try pod.wire([VMNetBinary.fixture("acceptance/macvtap-pod.yaml")], dhcp: false)
            let tap = try pod.inPod(["/usr/sbin/ip", "-d", "link", "show", "tap0"]).stdout
            let guest = try GuestRun(
                devices: devices, scenario: "serve-http", namespace: pod.name,
                arguments: ["token": "macvtap-2", "target": AcceptanceTests.nodePage(PodUnderTest.nodeAddress)]
            ).start()
            defer { guest.stop() }
            _ = try guest.waitForLine(startingWith: "VMNET-READY")
            let inbound = try pod.onNode(AcceptanceTests.httpGet("http://\(PodUnderTest.podAddress)/cgi-bin/peer"))
            _ = try pod.onNode(AcceptanceTests.httpGet("http://\(PodUnderTest.podAddress)/cgi-bin/stop"))
            let report = guest.finish()
            return (report, try pod.unwire(), node.peers, inbound, tap, dhcp.log)
        }

        let nic = try #require(report.nic(mac: PodUnderTest.podMAC), "the guest has the pod's MAC: \(report)")
        #expect(tap.contains("macvtap") && tap.contains("tap0@eth0"), "a macvtap on eth0: \(tap)")
        #expect(report.finished && report.problems.isEmpty, "\(report)")
        #expect(nic["dhcp"] == "ok" && nic.ipv4 == "\(PodUnderTest.podAddress)/\(PodUnderTest.prefixLength)", "\(report)")
        #expect(nic["serverid"] == PodUnderTest.nodeAddress, "the network's DHCP server, not vmnet's")
        #expect(nic["router"] == PodUnderTest.nodeAddress)
        #expect(dhcpLog.contains("sending ACK to \(PodUnderTest.podAddress)"), "\(dhcpLog)")
        #expect(report.fetches.first?["body"] == "node \(PodUnderTest.podAddress)", "\(report)")
        #expect(peers == [PodUnderTest.podAddress])
        #expect(inbound.stdout == "macvtap-2 \(PodUnderTest.nodeAddress)\n", "\(inbound)")
        #expect(teardown.leases.isEmpty, "vmnet served no DHCP")
        #expect(teardown.differences.isEmpty, "vmnet down left the pod changed:\n\(teardown.differences.joined(separator: "\n"))")
    }

    /// Why the passt plugin starts passt itself: the libvirt it would leave that to refuses to.
    @Test("Debian 12's libvirt QEMU driver refuses <backend type='passt'>, which KubeVirt's libvirt runs passt for (needs root)",
          AcceptanceTests.needsRoot)
    func qemuDriverRefusesPasstBackend() async throws {
        let report = try await onOwnThread {
            try GuestRun(
                devices: "<interface type='user'><backend type='passt'/><portForward proto='tcp'><range start='80'/></portForward></interface>",
                scenario: "report"
            ).boot()
        }
        #expect(!report.finished)
        #expect(report.runnerErrors.contains("Invalid value for attribute 'type' in element 'backend': 'passt'"), "\(report.runnerErrors)")
    }

    /// A node address outside the pod's subnet, which the pod reaches through its gateway.
    static let nodeServiceAddress = "10.245.0.80"

    /// The name servers of the resolv.conf passt reads (the pod's file system is the node's here).
    static func nameservers() -> [String] {
        let text = (try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isNewline).compactMap { line in
            let words = line.split(separator: " ")
            return words.count >= 2 && words[0] == "nameserver" ? String(words[1]) : nil
        }
    }

    /// The per-interface folders the passt plugin leaves under /run/vmnet-passt.
    static func passtFolders() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: "/run/vmnet-passt")) ?? []
    }
}
