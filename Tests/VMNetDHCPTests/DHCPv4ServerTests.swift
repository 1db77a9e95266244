import Foundation
import Glibc
import Testing
import VMNetDHCP
import VMNetSystem

/// A pod namespace with the bridge `k6t-eth0`, one guest on it, and a DHCPv4 server serving the bridge from inside.
private final class ServedPod {
    let network: TestNetwork
    let guest: String
    let namespace: NamespaceThread
    let server: DHCPv4Server
    let events = EventLog<DHCPv4ServerEvent>()

    init(_ configuration: DHCPv4ServerConfiguration, bridgeAddress: String, guestMAC: String = Fixtures.vmMAC.description) throws {
        network = try TestNetwork()
        do {
            try network.addBridge("k6t-eth0", addresses: [bridgeAddress])
            guest = try network.addGuest(mac: guestMAC)
            namespace = try NamespaceThread(name: network.pod)
            server = try DHCPv4Server(configuration: configuration, onEvent: events.record)
            try server.start(in: namespace)
        } catch {
            network.remove()
            throw error
        }
    }

    deinit {
        server.stop()
        namespace.stop()
        network.remove()
    }
}

@Suite("DHCPv4 server in a pod namespace")
struct DHCPv4ServerTests {
    @Test("bridge mode: udhcpc receives every option of the VM's lease (needs root)",
          .enabled(if: getuid() == 0, "creating network namespaces needs root"))
    func bridgeUdhcpc() throws {
        let pod = try ServedPod(Fixtures.bridge(), bridgeAddress: "169.254.75.10/32")
        let lease = try #require(try DHCPClient.udhcpc(in: pod.guest))
        #expect(lease["ip"] == "10.244.1.5")
        #expect(lease["subnet"] == "255.255.255.0")
        #expect(lease["mask"] == "24")
        #expect(lease["router"] == "10.244.1.1")
        #expect(lease["dns"] == "10.96.0.10 10.96.0.11")
        #expect(lease["domain"] == "default.svc.cluster.local")
        #expect(lease["search"] == "default.svc.cluster.local svc.cluster.local cluster.local")
        #expect(lease["hostname"] == "testvm")
        #expect(lease["mtu"] == "1400")
        #expect(lease["staticroutes"] == "10.0.0.0/8 10.244.1.254 0.0.0.0/0 10.244.1.1")
        #expect(lease["bootfile"] == "pxelinux.0")
        #expect(lease["tftp"] == "tftp.example.com")
        #expect(lease["lease"] == "86313600")
        #expect(lease["serverid"] == "169.254.75.10")
        #expect(pod.events.all.contains(.leaseGranted(client: Fixtures.vmMAC, address: "10.244.1.5")))
        #expect(pod.server.counters.leasesGranted == 1)
    }

    @Test("bridge mode: ISC dhclient receives every option of the VM's lease (needs root)",
          .enabled(if: getuid() == 0, "creating network namespaces needs root"))
    func bridgeDhclient() throws {
        let pod = try ServedPod(Fixtures.bridge(), bridgeAddress: "169.254.75.10/32")
        let lease = try #require(try DHCPClient.dhclient(in: pod.guest))
        #expect(lease["new_ip_address"] == "10.244.1.5")
        #expect(lease["new_subnet_mask"] == "255.255.255.0")
        #expect(lease["new_routers"] == "10.244.1.1")
        #expect(lease["new_domain_name_servers"] == "10.96.0.10 10.96.0.11")
        #expect(lease["new_domain_name"] == "default.svc.cluster.local")
        #expect(lease["new_domain_search"] == "default.svc.cluster.local. svc.cluster.local. cluster.local.")
        #expect(lease["new_host_name"] == "testvm")
        #expect(lease["new_interface_mtu"] == "1400")
        #expect(lease["new_rfc3442_classless_static_routes"] == "8 10 10 244 1 254 0 10 244 1 1")
        #expect(lease["new_bootfile_name"] == "pxelinux.0")
        #expect(lease["new_tftp_server_name"] == "tftp.example.com")
        #expect(lease["new_dhcp_lease_time"] == "86313600")
        #expect(lease["new_dhcp_server_identifier"] == "169.254.75.10")
        #expect(pod.events.all.contains(.leaseGranted(client: Fixtures.vmMAC, address: "10.244.1.5")))
    }

    @Test("bridge mode: a client with another MAC gets nothing (needs root)",
          .enabled(if: getuid() == 0, "creating network namespaces needs root"))
    func bridgeForeignClient() throws {
        let pod = try ServedPod(Fixtures.bridge(), bridgeAddress: "169.254.75.10/32", guestMAC: "02:99:99:99:99:99")
        #expect(try DHCPClient.udhcpc(in: pod.guest, tries: 2) == nil)
        #expect(pod.events.all.contains(.packetDropped(.foreignClient("02:99:99:99:99:99"))))
        #expect(pod.server.counters.replied == 0)
        #expect(pod.server.counters.dropped >= 1)
    }

    @Test("NTP servers (option 42) and private options (224–254) reach udhcpc and dhclient, bridge and masquerade (needs root)",
          .enabled(if: getuid() == 0, "creating network namespaces needs root"),
          arguments: [Mode.bridge, .masquerade])
    func ntpAndPrivateOptions(_ mode: Mode) throws {
        var configuration = mode == .bridge ? Fixtures.bridge() : Fixtures.masquerade()
        configuration.lease.ntpServers = ["192.0.2.123", "198.51.100.7"]
        configuration.lease.privateOptions = [
            DHCPv4Option(DHCPv4OptionCode(rawValue: 254), Array("last one".utf8)),
            DHCPv4Option(DHCPv4OptionCode(rawValue: 224), Array("extra.options.kubevirt.io".utf8)),
        ]
        let pod = try ServedPod(configuration, bridgeAddress: mode == .bridge ? "169.254.75.10/32" : "10.0.2.1/24")
        let udhcpc = try #require(try DHCPClient.udhcpc(in: pod.guest, requesting: ["ntpsrv", "224", "254"]))
        #expect(udhcpc["ntpsrv"] == "192.0.2.123 198.51.100.7")
        #expect(udhcpc["opt224"] == Self.hex("extra.options.kubevirt.io"))
        #expect(udhcpc["opt254"] == Self.hex("last one"))
        let dhclient = try #require(try DHCPClient.dhclient(in: pod.guest, declaring: [
            "option private-224 code 224 = string;", "option private-254 code 254 = string;",
            "also request ntp-servers, private-224, private-254;",
        ]))
        #expect(dhclient["new_ntp_servers"] == "192.0.2.123 198.51.100.7")
        #expect(dhclient["new_private_224"] == "extra.options.kubevirt.io")
        #expect(dhclient["new_private_254"] == "last one")
    }

    enum Mode: String, CustomTestStringConvertible, Sendable {
        case bridge, masquerade
        var testDescription: String { rawValue }
    }

    static func hex(_ text: String) -> String {
        text.utf8.map { String(format: "%02x", $0) }.joined()
    }

    @Test("masquerade mode: udhcpc and dhclient, whatever their MAC, get 10.0.2.2/24 via 10.0.2.1 (needs root)",
          .enabled(if: getuid() == 0, "creating network namespaces needs root"))
    func masquerade() throws {
        let pod = try ServedPod(Fixtures.masquerade(), bridgeAddress: "10.0.2.1/24", guestMAC: "02:aa:bb:cc:dd:01")
        let udhcpc = try #require(try DHCPClient.udhcpc(in: pod.guest))
        #expect(udhcpc["ip"] == "10.0.2.2")
        #expect(udhcpc["subnet"] == "255.255.255.0")
        #expect(udhcpc["router"] == "10.0.2.1")
        #expect(udhcpc["serverid"] == "10.0.2.1")
        #expect(udhcpc["dns"] == "10.96.0.10")
        #expect(udhcpc["mtu"] == "1480")
        #expect(udhcpc["staticroutes"] == nil)
        let second = try pod.network.addGuest(mac: "02:aa:bb:cc:dd:02")
        let dhclient = try #require(try DHCPClient.dhclient(in: second))
        #expect(dhclient["new_ip_address"] == "10.0.2.2")
        #expect(dhclient["new_routers"] == "10.0.2.1")
        #expect(dhclient["new_dhcp_server_identifier"] == "10.0.2.1")
        #expect(dhclient["new_rfc3442_classless_static_routes"] == nil)
        let granted = pod.events.all.compactMap { event -> String? in
            if case .leaseGranted(let client, _) = event { return client?.description }
            return nil
        }
        #expect(Set(granted) == ["02:aa:bb:cc:dd:01", "02:aa:bb:cc:dd:02"])
    }

    @Test("a server hears only its own bridge, and servers of two bridges coexist (needs root)",
          .enabled(if: getuid() == 0, "creating network namespaces needs root"))
    func interfaceIsolation() throws {
        let pod = try ServedPod(Fixtures.masquerade(), bridgeAddress: "10.0.2.1/24", guestMAC: "02:aa:bb:cc:dd:01")
        try pod.network.addBridge("k6t-net1", addresses: ["10.0.3.1/24"])
        let other = try pod.network.addGuest(mac: "02:aa:bb:cc:dd:02", bridge: "k6t-net1")
        #expect(try DHCPClient.udhcpc(in: other, tries: 2) == nil)
        #expect(pod.server.counters.received == 0)

        let second = try DHCPv4Server(configuration: Fixtures.masquerade(interface: "k6t-net1", address: "10.0.3.2", router: "10.0.3.1"))
        try second.start(in: pod.namespace)
        defer { second.stop() }
        #expect(try DHCPClient.udhcpc(in: other)?["ip"] == "10.0.3.2")
        #expect(try DHCPClient.udhcpc(in: pod.guest)?["ip"] == "10.0.2.2")
        #expect(second.counters.leasesGranted == 1)
        #expect(pod.server.counters.leasesGranted == 1)
    }

    @Test("hostile packets are counted and dropped, a renewing client is answered by unicast, and serving goes on (needs root)",
          .enabled(if: getuid() == 0, "creating network namespaces needs root"))
    func hostilePackets() throws {
        let pod = try ServedPod(Fixtures.masquerade(), bridgeAddress: "10.0.2.1/24", guestMAC: Fixtures.vmMAC.description)
        try ip("-n", pod.guest, "addr", "add", "10.0.2.2/24", "dev", "eth0")
        let guestThread = try NamespaceThread(name: pod.guest)
        defer { guestThread.stop() }
        let socket = try GuestSocket(in: guestThread, family: AF_INET, port: DHCPPort.clientV4)
        let valid = Fixtures.request(.discover).encoded()
        var longHardwareAddress = valid
        longHardwareAddress[2] = 17
        var badCookie = valid
        badCookie[236] = 0
        let hostile: [[UInt8]] = [
            [], [1, 2, 3], Array(valid.prefix(239)), longHardwareAddress, badCookie,
            Array(valid.dropLast()) + [55, 250, 1], [UInt8](repeating: 0xFF, count: 1_400),
            Fixtures.request(.release).encoded(),
        ]
        for packet in hostile { try socket.send(packet, toIPv4: "10.0.2.1", port: DHCPPort.serverV4) }
        #expect(eventually { pod.server.counters.dropped == hostile.count })
        #expect(pod.server.counters.received == hostile.count)
        #expect(pod.server.counters.replied == 0)

        try socket.send(Fixtures.request(.request, clientAddress: "10.0.2.2").encoded(), toIPv4: "10.0.2.1", port: DHCPPort.serverV4)
        let reply = try #require(socket.receive(timeoutMilliseconds: 5_000))
        #expect(reply.source == "10.0.2.1")
        let ack = try DHCPv4Message(decoding: reply.bytes)
        #expect(ack.messageType == .ack)
        #expect(ack.yourAddress == "10.0.2.2")

        let second = try pod.network.addGuest(mac: "02:aa:bb:cc:dd:02")
        #expect(try DHCPClient.udhcpc(in: second)?["ip"] == "10.0.2.2")
        #expect(pod.server.isRunning)
    }

    @Test("bridge mode: a renewing VM is answered by unicast although the pod has no route to it (needs root)",
          .enabled(if: getuid() == 0, "creating network namespaces needs root"))
    func bridgeRenewal() throws {
        let pod = try ServedPod(Fixtures.bridge(), bridgeAddress: "169.254.75.10/32")
        try ip("-n", pod.guest, "addr", "add", "10.244.1.5/24", "dev", "eth0")
        try ip("-n", pod.guest, "route", "add", "169.254.75.10/32", "dev", "eth0")
        let guestThread = try NamespaceThread(name: pod.guest)
        defer { guestThread.stop() }
        let socket = try GuestSocket(in: guestThread, family: AF_INET, port: DHCPPort.clientV4)
        try socket.send(Fixtures.request(.request, clientAddress: "10.244.1.5").encoded(), toIPv4: "169.254.75.10", port: DHCPPort.serverV4)
        let reply = try #require(socket.receive(timeoutMilliseconds: 5_000), "events: \(pod.events.all)")
        #expect(reply.source == "169.254.75.10")
        #expect(try DHCPv4Message(decoding: reply.bytes).messageType == .ack)
    }

    @Test("stop is prompt and closes the socket; a second server on the same bridge is refused (needs root)",
          .enabled(if: getuid() == 0, "creating network namespaces needs root"))
    func lifecycle() throws {
        let pod = try ServedPod(Fixtures.masquerade(), bridgeAddress: "10.0.2.1/24")
        #expect(throws: DHCPServerError.alreadyRunning) { try pod.server.start(in: pod.namespace) }
        let twin = try DHCPv4Server(configuration: Fixtures.masquerade())
        #expect(throws: DHCPServerError.system(SystemError("bind 0.0.0.0:67", code: EADDRINUSE))) {
            try twin.start(in: pod.namespace)
        }
        #expect(try udpPorts(in: pod.namespace).contains(67))

        let elapsed = ContinuousClock().measure { pod.server.stop() }
        #expect(elapsed < .milliseconds(500))
        #expect(!pod.server.isRunning)
        #expect(try udpPortCloses(67, in: pod.namespace))
        pod.server.stop()

        // Started from a thread already in the namespace, the server takes the namespace of that thread.
        try pod.namespace.run { try pod.server.start() }
        #expect(try DHCPClient.udhcpc(in: pod.guest)?["ip"] == "10.0.2.2")
        pod.server.stop()

        // A released server stops itself.
        do {
            let released = try DHCPv4Server(configuration: Fixtures.masquerade())
            try released.start(in: pod.namespace)
            #expect(try udpPorts(in: pod.namespace).contains(67))
        }
        #expect(try udpPortCloses(67, in: pod.namespace))

        let missing = try DHCPv4Server(configuration: Fixtures.masquerade(interface: "k6t-missing"))
        #expect(throws: DHCPServerError.noSuchInterface("k6t-missing")) { try missing.start(in: pod.namespace) }
        #expect(!missing.isRunning)
    }
}

/// Whether `port` is closed in `namespace` within a second.
///
/// The server closes its socket before `stop` returns, but a child that another test of this process is spawning
/// holds a copy of every descriptor from `clone` until its `exec` closes them (they are `O_CLOEXEC`); on a loaded
/// machine that can take a while. So a port still open at once is looked at again instead of failing the test.
private func udpPortCloses(_ port: UInt16, in namespace: NamespaceThread) throws -> Bool {
    let deadline = ContinuousClock.now + .seconds(1)
    while try udpPorts(in: namespace).contains(port) {
        guard ContinuousClock.now < deadline else { return false }
        usleep(10_000)
    }
    return true
}

/// The local UDP ports open in `namespace`, from the namespace's own `/proc/thread-self/net/udp`.
private func udpPorts(in namespace: NamespaceThread) throws -> Set<UInt16> {
    let table = try namespace.run { try String(contentsOfFile: "/proc/thread-self/net/udp", encoding: .utf8) }
    return Set(table.split(separator: "\n").dropFirst().compactMap { line in
        line.split(separator: " ").dropFirst().first?.split(separator: ":").last.flatMap { UInt16($0, radix: 16) }
    })
}
