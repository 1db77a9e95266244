import Glibc
import Testing
import VMNetDHCP
import VMNetSystem

@Suite("DHCPv6 server in a pod namespace")
struct DHCPv6ServerTests {
    @Test("masquerade IPv6: dhclient -6 gets fd10:0:2::2 and the DNS servers (needs root)",
          .enabled(if: getuid() == 0, "creating network namespaces needs root"))
    func dhclient() throws {
        let network = try TestNetwork()
        defer { network.remove() }
        try network.addBridge("k6t-eth0", addresses: ["fd10:0:2::1/120"])
        let guest = try network.addGuest(mac: Fixtures.vmMAC.description)
        let namespace = try NamespaceThread(name: network.pod)
        defer { namespace.stop() }
        let events = EventLog<DHCPv6ServerEvent>()
        let server = try DHCPv6Server(configuration: Fixtures.masqueradeV6(), onEvent: events.record)
        try server.start(in: namespace)
        defer { server.stop() }

        let lease = try #require(try DHCPClient.dhclient(in: guest, ipv6: true))
        #expect(lease["new_ip6_address"] == "fd10:0:2::2")
        #expect(lease["new_dhcp6_name_servers"] == "fd00::10 fd00::11")
        #expect(lease["new_preferred_life"] == "86313600")
        #expect(lease["new_max_life"] == "86313600")
        #expect(lease["new_dhcp6_server_id"] == "0:3:0:1:2:0:0:0:0:0")
        #expect(server.counters.leasesGranted == 1)
        let granted = events.all.contains { event in
            if case .leaseGranted(_, let address) = event { return address == "fd10:0:2::2" }
            return false
        }
        #expect(granted)
    }

    @Test("hostile DHCPv6 packets are counted and dropped, and serving goes on (needs root)",
          .enabled(if: getuid() == 0, "creating network namespaces needs root"))
    func hostilePackets() throws {
        let network = try TestNetwork()
        defer { network.remove() }
        try network.addBridge("k6t-eth0", addresses: ["fd10:0:2::1/120"])
        let guest = try network.addGuest(mac: Fixtures.vmMAC.description)
        let namespace = try NamespaceThread(name: network.pod)
        defer { namespace.stop() }
        let guestThread = try NamespaceThread(name: guest)
        defer { guestThread.stop() }
        let events = EventLog<DHCPv6ServerEvent>()
        let server = try DHCPv6Server(configuration: Fixtures.masqueradeV6(), onEvent: events.record)
        try server.start(in: namespace)
        defer { server.stop() }

        let socket = try GuestSocket(in: guestThread, family: AF_INET6, port: 0)
        let hostile: [[UInt8]] = [[], [1], [12] + [UInt8](repeating: 0, count: 33), [1, 0, 0, 1, 0, 1, 0xFF, 0xFF], [3, 0, 0, 1]]
        for packet in hostile {
            try socket.send(packet, toIPv6: "ff02::1:2", port: DHCPPort.serverV6, in: guestThread)
        }
        #expect(eventually { server.counters.dropped == hostile.count })
        #expect(events.all.contains(.packetDropped(.missingClientID)))
        #expect(try DHCPClient.dhclient(in: guest, ipv6: true)?["new_ip6_address"] == "fd10:0:2::2")
    }
}
