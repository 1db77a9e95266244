import Testing
import VMNetCore
@testable import VMNetRuntime

@Suite("Addresses as the runtime uses them")
struct AddressingTests {
    @Test("knows the family, loopback and unspecified address of IPv4 and IPv6")
    func families() {
        #expect(IPAddress("10.0.2.2")?.family == .ipv4)
        #expect(IPAddress("fd10:0:2:0:0:0:0:2")?.description == "fd10:0:2::2")
        #expect(IPAddress.loopback(.ipv6).description == "::1")
        #expect(IPAddress.loopback(.ipv4).description == "127.0.0.1")
        #expect(IPAddress.any(.ipv6).description == "::")
        #expect(IPAddress("fe80::1")?.isIPv6LinkLocal == true)
        #expect(IPAddress("fd10::1")?.isIPv6LinkLocal == false)
    }

    @Test("makes host, default and masked networks")
    func networks() {
        #expect(IPNetwork(host: IPAddress("127.0.0.1")!).description == "127.0.0.1/32")
        #expect(IPNetwork(host: IPAddress("::1")!).description == "::1/128")
        #expect(IPNetwork.all(.ipv6).description == "::/0")
        #expect(network("10.0.2.1/24").masked.description == "10.0.2.0/24")
        #expect(network("fd10:0:2::1/120").masked.description == "fd10:0:2::/120")
        #expect(IPFamily.ipv4.socketFamily == 2)
        #expect(IPFamily(socketFamily: 10) == .ipv6)
    }

    @Test("prints a rule the way iptables-legacy-save does")
    func ruleText() {
        let rule = IPTablesRule(
            chain: "KUBEVIRT_POSTINBOUND", source: network("127.0.0.1"), transportProtocol: .tcp,
            destinationPorts: 80...80, target: .snat(to: IPAddress("10.0.2.1")!)
        )
        #expect(rule.description == "-A KUBEVIRT_POSTINBOUND -s 127.0.0.1/32 -p tcp -m tcp --dport 80 -j SNAT --to-source 10.0.2.1")
        let ranged = IPTablesRule(
            chain: "OUTPUT", destination: network("::1"), transportProtocol: .udp, destinationPorts: 1000...2000,
            target: .dnat(to: IPAddress("fd10:0:2::2")!, port: 53)
        )
        #expect(ranged.description == "-A OUTPUT -d ::1/128 -p udp -m udp --dport 1000:2000 -j DNAT --to-destination [fd10:0:2::2]:53")
    }
}
