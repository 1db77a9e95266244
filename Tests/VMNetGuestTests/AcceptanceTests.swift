import Foundation
import Testing

/// The acceptance suite: for each scenario the real `vmnet` wires a pod namespace next to a node
/// namespace, serves DHCP, prints the guest's devices, and a real guest boots behind them
/// (libvirt's embedded QEMU driver, TCG); each test asserts what the guest printed and what the
/// other side saw, and that `vmnet down` left the pod exactly as it was.
@Suite("Acceptance: real guests behind vmnet", .timeLimit(.minutes(5)))
struct AcceptanceTests {
    static let needsRoot: ConditionTrait = .enabled(
        if: getuid() == 0, "creates network namespaces, runs vmnet up and boots libvirt guests: needs root")

    /// The address masquerade gives the guest, and its gateway on the pod's bridge.
    static let guestAddress = "10.0.2.2"
    static let bridgeAddress = "10.0.2.1"

    /// The node's web page that names the caller, as the guest fetches it.
    static func nodePage(_ host: String) -> String {
        "http://\(host):\(NodeWebServer.port)/cgi-bin/peer"
    }

    /// A command printing the body of `url` (busybox wget, whose `-T` segfaults in Debian 12's static build).
    static func httpGet(_ url: String) -> [String] {
        ["/usr/bin/timeout", "10", "/bin/busybox", "wget", "-q", "-O", "-", url]
    }

    /// `vmnet down` left the pod exactly as the snapshot before `vmnet up` had it.
    func expectRestored(_ teardown: Teardown, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            teardown.differences.isEmpty,
            "vmnet down left the pod changed:\n\(teardown.differences.joined(separator: "\n"))",
            sourceLocation: sourceLocation)
    }

    @Test(
        "masquerade with ports [80]: DHCP gives 10.0.2.2/24, router, MTU and DNS; the guest reaches the node from the pod's IP; the node reaches port 80, not 81 (needs root)",
        needsRoot, arguments: ["nftables", "iptables"])
    func masqueradeWithPorts(natBackend: String) async throws {
        let (report, teardown, peers, port80, port81, tap) = try await onOwnThread {
            let pod = try PodUnderTest()
            defer { pod.remove() }
            let node = try pod.serveWebOnNode()
            let devices = try pod.wire([VMNetBinary.fixture("spec/masquerade-ports.yaml")], natBackend: natBackend)
            let tap = try pod.inPod(["/usr/sbin/ip", "-d", "link", "show", "tap0"]).stdout
            let guest = try GuestRun(
                devices: devices, scenario: "serve-http", namespace: pod.name,
                arguments: ["token": "masquerade-1", "ports": "81", "target": Self.nodePage(PodUnderTest.nodeAddress)]
            ).start()
            defer { guest.stop() }
            _ = try guest.waitForLine(startingWith: "VMNET-READY")
            let port80 = try pod.onNode(Self.httpGet("http://\(PodUnderTest.podAddress)/cgi-bin/peer"))
            let port81 = try pod.onNode(["/bin/sh", "-c", "echo hello | /bin/busybox nc -w 3 \(PodUnderTest.podAddress) 81"])
            _ = try pod.onNode(Self.httpGet("http://\(PodUnderTest.podAddress)/cgi-bin/stop"))
            let report = guest.finish()
            return (report, try pod.unwire(), node.peers, port80, port81, tap)
        }

        let nic = try #require(report.nic(mac: PodUnderTest.podMAC), "\(report)")
        #expect(tap.contains("user libvirt-qemu group libvirt-qemu"), "the tap belongs to QEMU's user: \(tap)")
        #expect(report.finished && report.problems.isEmpty, "\(report)")
        #expect(nic.ipv4 == "\(Self.guestAddress)/24")
        #expect(nic["router"] == Self.bridgeAddress)
        #expect(nic["mtu"] == "1500" && nic["linkmtu"] == "1500")
        #expect(nic.list("dns") == [PodUnderTest.dnsServer])
        #expect(nic.list("search") == PodUnderTest.searchDomains)
        #expect(report.fetches.first?["body"] == "node \(PodUnderTest.podAddress)", "\(report)")
        #expect(peers == [PodUnderTest.podAddress])
        #expect(port80.stdout == "masquerade-1 \(PodUnderTest.nodeAddress)\n", "\(port80)")
        #expect(port81.status != 0 && !port81.stdout.contains("masquerade-1"), "\(port81)")
        #expect(report.received.contains { $0["path"] == "/cgi-bin/peer" && $0["peer"] == PodUnderTest.nodeAddress })
        #expect(!report.received.contains { $0["port"] == "81" }, "\(report)")
        #expect(teardown.leases == [DHCPLeaseLine(address: Self.guestAddress, macAddress: PodUnderTest.podMAC, bridge: "k6t-eth0")])
        expectRestored(teardown)
    }

    @Test("bridge on the pod network: the guest gets the pod's IP, prefix and gateway and is reachable at the pod IP (needs root)",
          needsRoot)
    func bridgeOnPodNetwork() async throws {
        let (report, teardown, peers, inbound) = try await onOwnThread {
            let pod = try PodUnderTest()
            defer { pod.remove() }
            let node = try pod.serveWebOnNode()
            let devices = try pod.wire([VMNetBinary.fixture("acceptance/bridge-pod.yaml")])
            let guest = try GuestRun(
                devices: devices, scenario: "serve-http", namespace: pod.name,
                arguments: ["token": "bridge-2", "target": Self.nodePage(PodUnderTest.nodeAddress)]
            ).start()
            defer { guest.stop() }
            _ = try guest.waitForLine(startingWith: "VMNET-READY")
            let inbound = try pod.onNode(Self.httpGet("http://\(PodUnderTest.podAddress)/cgi-bin/peer"))
            _ = try pod.onNode(Self.httpGet("http://\(PodUnderTest.podAddress)/cgi-bin/stop"))
            let report = guest.finish()
            return (report, try pod.unwire(), node.peers, inbound)
        }

        let nic = try #require(report.nic(mac: PodUnderTest.podMAC), "\(report)")
        #expect(report.finished && report.problems.isEmpty, "\(report)")
        #expect(nic.ipv4 == "\(PodUnderTest.podAddress)/\(PodUnderTest.prefixLength)", "\(report)")
        #expect(nic["router"] == PodUnderTest.nodeAddress)
        #expect(nic.list("routes") == ["0.0.0.0/0>\(PodUnderTest.nodeAddress)"])
        #expect(nic.list("dns") == [PodUnderTest.dnsServer])
        #expect(report.fetches.first?["body"] == "node \(PodUnderTest.podAddress)", "\(report)")
        #expect(peers == [PodUnderTest.podAddress])
        #expect(inbound.stdout == "bridge-2 \(PodUnderTest.nodeAddress)\n", "\(inbound)")
        #expect(teardown.leases == [DHCPLeaseLine(address: PodUnderTest.podAddress, macAddress: PodUnderTest.podMAC, bridge: "k6t-eth0")])
        expectRestored(teardown)
    }

    @Test(
        "a Multus secondary network from the real CNI bridge plugin, bridge-bound next to a masquerade pod network: two NICs, both leased by vmnet (needs root)",
        needsRoot)
    func multusSecondaryNetwork() async throws {
        let (report, teardown, peers, secondary) = try await onOwnThread {
            let pod = try PodUnderTest()
            defer { pod.remove() }
            let node = try pod.serveWebOnNode()
            let attachment = VMNetBinary.fixture("acceptance/nad-secondary.json")
            let secondary = try pod.addSecondaryNetwork(attachmentFile: attachment, interface: "net1")
            let devices = try pod.wire([VMNetBinary.fixture("acceptance/masquerade-multus-bridge.yaml"), attachment])
            let report = try GuestRun(
                devices: devices, scenario: "fetch", namespace: pod.name,
                arguments: [
                    "nics": "2",
                    "target": "\(Self.nodePage(PodUnderTest.nodeAddress)),\(Self.nodePage(secondary.gateway ?? "none"))",
                ]
            ).boot()
            return (report, try pod.unwire(), node.peers, secondary)
        }

        #expect(secondary.gateway == "10.250.0.1", "the CNI result's gateway")
        let primary = try #require(report.nic(mac: PodUnderTest.podMAC), "\(report)")
        let second = try #require(report.nic(mac: secondary.macAddress), "net1 is \(secondary.macAddress): \(report)")
        #expect(report.finished && report.problems.isEmpty, "\(report)")
        #expect(primary["dhcp"] == "ok" && primary.ipv4 == "\(Self.guestAddress)/24", "\(report)")
        #expect(primary["router"] == Self.bridgeAddress)
        #expect(second["dhcp"] == "ok" && second.ipv4 == secondary.address, "\(report)")
        #expect(second["router"] == "")
        #expect(report.fetches.map { $0["body"] } == ["node \(PodUnderTest.podAddress)", "node \(secondary.host)"], "\(report)")
        #expect(peers == [PodUnderTest.podAddress, secondary.host])
        #expect(
            Set(teardown.leases) == [
                DHCPLeaseLine(address: Self.guestAddress, macAddress: PodUnderTest.podMAC, bridge: "k6t-eth0"),
                DHCPLeaseLine(address: secondary.host, macAddress: secondary.macAddress, bridge: "k6t-net1"),
            ], "\(teardown.serveLog)")
        expectRestored(teardown)
    }

    /// QEMU runs as libvirt-qemu, so its host forward may bind port 80 of the pod only when the pod lets
    /// unprivileged users bind every port: the slirp binding plans `ip_unprivileged_port_start=0` (journaled, undone
    /// by `down`), without which QEMU exits "Could not set up host forwarding rule 'tcp::80-:80'".
    @Test("slirp with a forwarded port: port 80 of the pod reaches the guest, an unlisted port does not (needs root)",
          needsRoot)
    func slirpForwardedPort() async throws {
        let (report, teardown, loopback, fromNode, unlisted) = try await onOwnThread {
            let pod = try PodUnderTest()
            defer { pod.remove() }
            let devices = try pod.wire([VMNetBinary.fixture("acceptance/slirp-ports.yaml")], dhcp: false)
            let guest = try GuestRun(
                devices: devices, scenario: "serve-http", namespace: pod.name,
                arguments: ["token": "slirp-4", "ports": "81"]
            ).start()
            defer { guest.stop() }
            _ = try guest.waitForLine(startingWith: "VMNET-READY")
            let loopback = try pod.inPod(Self.httpGet("http://127.0.0.1/cgi-bin/peer"))
            let fromNode = try pod.onNode(Self.httpGet("http://\(PodUnderTest.podAddress)/"))
            let unlisted = try pod.inPod(["/bin/sh", "-c", "echo hello | /bin/busybox nc -w 3 127.0.0.1 81"])
            _ = try pod.inPod(Self.httpGet("http://127.0.0.1/cgi-bin/stop"))
            let report = guest.finish()
            return (report, try pod.unwire(), loopback, fromNode, unlisted)
        }

        let nic = try #require(report.nics.first, "\(report)")
        #expect(report.finished && report.problems.isEmpty, "\(report)")
        #expect(nic.driver == "e1000")
        #expect(nic.ipv4 == "10.0.2.15/24", "\(report)")
        #expect(nic["router"] == "10.0.2.2")
        #expect(loopback.stdout == "slirp-4 10.0.2.2\n", "\(loopback)")
        #expect(fromNode.stdout == "slirp-4\n", "\(fromNode)")
        #expect(unlisted.status != 0 && !unlisted.stdout.contains("slirp-4"), "\(unlisted)")
        #expect(!report.received.contains { $0["port"] == "81" }, "\(report)")
        expectRestored(teardown)
    }

    @Test("model e1000 and a custom macAddress: the guest sees the e1000 driver and that MAC, and gets its lease (needs root)",
          needsRoot)
    func e1000WithCustomMAC() async throws {
        let mac = "de:ad:00:00:be:af"
        let (report, teardown) = try await onOwnThread {
            let pod = try PodUnderTest()
            defer { pod.remove() }
            let devices = try pod.wire([VMNetBinary.fixture("acceptance/e1000-mac.yaml")])
            let report = try GuestRun(devices: devices, scenario: "report", namespace: pod.name).boot()
            return (report, try pod.unwire())
        }

        let nic = try #require(report.nic(mac: mac), "\(report)")
        #expect(report.finished && report.problems.isEmpty, "\(report)")
        #expect(nic.driver == "e1000")
        #expect(nic["dhcp"] == "ok" && nic.ipv4 == "\(Self.guestAddress)/24", "\(report)")
        #expect(teardown.leases == [DHCPLeaseLine(address: Self.guestAddress, macAddress: mac, bridge: "k6t-eth0")])
        expectRestored(teardown)
    }

    @Test("bootOrder, bootFileName and tftpServerName: the guest's DHCP client receives options 66 and 67 (needs root)",
          needsRoot)
    func bootOptions() async throws {
        let (devices, report, teardown) = try await onOwnThread {
            let pod = try PodUnderTest()
            defer { pod.remove() }
            let devices = try pod.wire([VMNetBinary.fixture("acceptance/boot-options.yaml")])
            let report = try GuestRun(devices: devices, scenario: "report", namespace: pod.name).boot()
            return (devices, report, try pod.unwire())
        }

        let nic = try #require(report.nic(mac: PodUnderTest.podMAC), "\(report)")
        #expect(devices.contains("<boot order='1'/>"), "\(devices)")
        #expect(report.finished && report.problems.isEmpty, "\(report)")
        #expect(nic["bootfile"] == "default_image.bin", "\(report)")
        #expect(nic["tftp"] == "tftp.example.com", "\(report)")
        #expect(nic.ipv4 == "\(Self.guestAddress)/24")
        expectRestored(teardown)
    }

    @Test("networkInterfaceMultiqueue with 2 vCPUs: the guest's virtio NIC has 2 queues (needs root)", needsRoot)
    func multiqueue() async throws {
        let (devices, report, teardown) = try await onOwnThread {
            let pod = try PodUnderTest()
            defer { pod.remove() }
            let devices = try pod.wire([VMNetBinary.fixture("acceptance/multiqueue-2-vcpus.yaml")])
            let report = try GuestRun(devices: devices, scenario: "report", namespace: pod.name, vcpus: 2).boot()
            return (devices, report, try pod.unwire())
        }

        let nic = try #require(report.nic(mac: PodUnderTest.podMAC), "\(report)")
        #expect(devices.contains("queues='2'"), "\(devices)")
        #expect(report.finished && report.problems.isEmpty, "\(report)")
        #expect(nic.driver == "virtio_net")
        #expect(nic.queues == 2 && nic["txqueues"] == "2", "\(report)")
        #expect(nic.ipv4 == "\(PodUnderTest.podAddress)/\(PodUnderTest.prefixLength)", "\(report)")
        expectRestored(teardown)
    }

    @Test(
        "IPv6 masquerade: the guest, configured as the spec's cloud-init does, reaches an IPv6 server on the node through NAT (needs root)",
        needsRoot, arguments: ["nftables", "iptables"])
    func ipv6Masquerade(natBackend: String) async throws {
        let (report, teardown, peers) = try await onOwnThread {
            let pod = try PodUnderTest(ipv6: true)
            defer { pod.remove() }
            let node = try pod.serveWebOnNode()
            let devices = try pod.wire([VMNetBinary.fixture("spec/masquerade-ipv6.yaml")], natBackend: natBackend)
            let report = try GuestRun(
                devices: devices, scenario: "ipv6-static", namespace: pod.name,
                arguments: ["target": Self.nodePage("[\(PodUnderTest.nodeAddress6)]")]
            ).boot()
            return (report, try pod.unwire(), node.peers)
        }

        let nic = try #require(report.nic(mac: PodUnderTest.podMAC), "\(report)")
        #expect(report.finished && report.problems.isEmpty, "\(report)")
        #expect(nic["ip6"] == "fd10:0:2::2/120")
        #expect(report.fetches.first?["body"] == "node \(PodUnderTest.podAddress6)", "\(report)")
        #expect(peers == [PodUnderTest.podAddress6])
        #expect(teardown.serveLog.contains("DHCPv6 fd10:0:2::2"), "\(teardown.serveLog)")
        expectRestored(teardown)
    }
}
