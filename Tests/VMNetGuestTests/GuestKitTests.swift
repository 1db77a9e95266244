import Foundation
import Testing

/// The guest kit works end to end: a real Debian kernel and busybox initramfs booted by
/// libvirt's embedded QEMU driver (or QEMU alone) inside a pod namespace, reporting what
/// its NICs got on the serial console.
@Suite("Test guest kit")
struct GuestKitTests {
    static let needsRoot: ConditionTrait = .enabled(
        if: getuid() == 0, "creates network namespaces, taps and libvirt guests: needs root")

    /// A `<interface type='ethernet'>` on an existing tap, as KubeVirt renders one.
    static func tapInterface(_ tap: String, mac: String, model: String, queues: Int? = nil) -> String {
        let driver = queues.map { "\n  <driver name='vhost' queues='\($0)'/>" } ?? ""
        return """
            <interface type='ethernet'>
              <mac address='\(mac)'/>
              <target dev='\(tap)' managed='no'/>
              <model type='\(model)'/>\(driver)
            </interface>
            """
    }

    @Test("a virtio guest on the pod's tap gets its lease and every DHCP option through virt-qemu-run (needs root)",
          needsRoot)
    func virtioLease() throws {
        let pod = try PodNamespace()
        defer { pod.remove() }
        let mac = "52:54:00:76:00:01"
        let report = try GuestRun(
            devices: Self.tapInterface(pod.tap, mac: mac, model: "virtio"), scenario: "report",
            namespace: pod.name
        ).boot()
        let nic = try #require(report.nic(mac: mac), "\(report)")
        #expect(report.finished && report.problems.isEmpty, "\(report)")
        #expect(nic.driver == "virtio_net")
        #expect(nic["dhcp"] == "ok")
        #expect(nic.ipv4.hasPrefix("10.0.2.") && nic.ipv4.hasSuffix("/24"), "\(report)")
        #expect(nic["router"] == PodNamespace.gateway)
        #expect(nic.list("dns") == [PodNamespace.gateway])
        #expect(nic["mtu"] == PodNamespace.mtu && nic["linkmtu"] == PodNamespace.mtu)
        #expect(nic.list("routes") == [PodNamespace.staticRoute])
        #expect(nic["domain"] == PodNamespace.domain)
        #expect(nic.list("search") == PodNamespace.search)
        #expect(nic["hostname"] == PodNamespace.hostname)
        #expect(nic["bootfile"] == PodNamespace.bootFile)
        #expect(nic["tftp"] == PodNamespace.gateway)
        #expect(report.dhcp[nic.name]?["serverid"] == PodNamespace.gateway)
    }

    @Test("an e1000 guest reports the e1000 driver and its lease (needs root)", needsRoot)
    func e1000Lease() throws {
        let pod = try PodNamespace()
        defer { pod.remove() }
        let mac = "52:54:00:76:00:02"
        let report = try GuestRun(
            devices: Self.tapInterface(pod.tap, mac: mac, model: "e1000"), scenario: "report",
            namespace: pod.name
        ).boot()
        let nic = try #require(report.nic(mac: mac), "\(report)")
        #expect(report.finished, "\(report)")
        #expect(nic.driver == "e1000")
        #expect(nic.ipv4.hasPrefix("10.0.2."), "\(report)")
        #expect(nic.queues == 1)
    }

    @Test("two queues on a multi-queue tap and two vCPUs give the virtio NIC two queues (needs root)", needsRoot)
    func multiQueue() throws {
        let pod = try PodNamespace(multiQueueTap: true)
        defer { pod.remove() }
        let mac = "52:54:00:76:00:03"
        let report = try GuestRun(
            devices: Self.tapInterface(pod.tap, mac: mac, model: "virtio", queues: 2), scenario: "queues",
            namespace: pod.name, vcpus: 2
        ).boot()
        let nic = try #require(report.nic(mac: mac), "\(report)")
        #expect(report.finished, "\(report)")
        #expect(nic.driver == "virtio_net")
        #expect(nic.queues == 2)
        #expect(nic["txqueues"] == "2")
    }

    @Test("--direct boots the same guest with QEMU alone, on the same tap (needs root)", needsRoot)
    func directQEMU() throws {
        let pod = try PodNamespace()
        defer { pod.remove() }
        let mac = "52:54:00:76:00:04"
        let report = try GuestRun(
            devices: Self.tapInterface(pod.tap, mac: mac, model: "virtio"), scenario: "report",
            namespace: pod.name, direct: true
        ).boot()
        let nic = try #require(report.nic(mac: mac), "\(report)")
        #expect(report.finished, "\(report)")
        #expect(nic.driver == "virtio_net")
        #expect(nic.ipv4.hasPrefix("10.0.2."), "\(report)")
        #expect(report.timing["mode"] == "direct")
    }

    @Test("serve-http answers the pod with its token and the peer address it saw, then stops on request (needs root)",
          needsRoot)
    func serveHTTP() throws {
        let pod = try PodNamespace()
        defer { pod.remove() }
        let mac = "52:54:00:76:00:05"
        let guest = try GuestRun(
            devices: Self.tapInterface(pod.tap, mac: mac, model: "virtio"), scenario: "serve-http",
            namespace: pod.name, arguments: ["token": "guest-token-5", "ports": "7000"]
        ).start()
        defer { guest.stop() }
        _ = try guest.waitForLine(startingWith: "VMNET-READY")
        let address = try #require(GuestReport(serialLog: guest.serialLog).nic(mac: mac)?.ipv4.split(separator: "/").first)
        let page = try pod.run(["/bin/busybox", "wget", "-q", "-O", "-", "http://\(address)/cgi-bin/peer"])
        let tcp = try pod.run(["/bin/sh", "-c", "echo STOP | /bin/busybox nc -w 5 \(address) 7000"])
        let report = guest.finish()
        #expect(page.stdout == "guest-token-5 \(PodNamespace.gateway)\n", "\(report)")
        #expect(tcp.stdout == "guest-token-5\n")
        #expect(report.finished && report.problems.isEmpty, "\(report)")
        #expect(report.received.contains { $0["path"] == "/cgi-bin/peer" && $0["peer"] == PodNamespace.gateway })
        #expect(report.received.contains { $0["port"] == "7000" && $0["data"] == "STOP" })
    }

    @Test("fetch gets the pod's page over IPv4 after DHCP (needs root)", needsRoot)
    func fetchIPv4() throws {
        let pod = try PodNamespace()
        defer { pod.remove() }
        try pod.serveHTTP(page: "pod-token-6")
        let target = "http://\(PodNamespace.gateway):8080/"
        let report = try GuestRun(
            devices: Self.tapInterface(pod.tap, mac: "52:54:00:76:00:06", model: "virtio"), scenario: "fetch",
            namespace: pod.name, arguments: ["target": target]
        ).boot()
        #expect(report.finished, "\(report)")
        #expect(report.fetches.map { $0["target"] } == [target])
        #expect(report.fetches.first?["status"] == "ok", "\(report)")
        #expect(report.fetches.first?["body"] == "pod-token-6")
    }

    @Test("ipv6-static reaches the pod over IPv6 by HTTP and by TCP without DHCP (needs root)", needsRoot)
    func fetchIPv6() throws {
        let pod = try PodNamespace()
        defer { pod.remove() }
        try pod.serveHTTP(page: "pod-token-7")
        try pod.serveTCP(port: 9000, reply: "pod-tcp-7")
        let http = "http://[\(PodNamespace.gateway6)]:8080/"
        let tcp = "[\(PodNamespace.gateway6)]:9000"
        let report = try GuestRun(
            devices: Self.tapInterface(pod.tap, mac: "52:54:00:76:00:07", model: "virtio"), scenario: "ipv6-static",
            namespace: pod.name, arguments: ["target": "\(http),\(tcp)"]
        ).boot()
        let nic = try #require(report.nic(mac: "52:54:00:76:00:07"), "\(report)")
        #expect(report.finished, "\(report)")
        #expect(nic["ip6"] == "fd10:0:2::2/120")
        #expect(nic["dhcp"] == "none")
        #expect(report.fetches.map { $0["body"] } == ["pod-token-7", "pod-tcp-7"], "\(report)")
    }
}
