import Foundation
import Testing
import VMNetDHCP

@Suite("Addresses")
struct AddressTests {
    @Test("IPv4 addresses parse from dotted quads and print back the same")
    func ipv4() throws {
        let address = try IPv4Address(parsing: "10.0.2.2")
        #expect(address.value == 0x0A00_0202)
        #expect(address.octets == [10, 0, 2, 2])
        #expect(address.description == "10.0.2.2")
        #expect(IPv4Address(maskOfPrefixLength: 24)?.description == "255.255.255.0")
        #expect(IPv4Address(maskOfPrefixLength: 0) == .any)
        #expect(IPv4Address(maskOfPrefixLength: 32) == .broadcast)
        #expect(IPv4Address(maskOfPrefixLength: 33) == nil)
    }

    @Test("malformed IPv4 addresses are refused with a typed error", arguments: ["10.0.2", "10.0.2.256", "a.b.c.d", "", "10.0.2.2/24"])
    func malformedIPv4(text: String) {
        #expect(throws: AddressParseError.notIPv4(text)) { try IPv4Address(parsing: text) }
    }

    @Test("IPv6 addresses parse and print in the shortest form")
    func ipv6() throws {
        let address = try IPv6Address(parsing: "fd10:0000:0002:0000:0000:0000:0000:0002")
        #expect(address.description == "fd10:0:2::2")
        #expect(address.octets.count == 16)
        #expect(throws: AddressParseError.notIPv6("fe80::1%eth0")) { try IPv6Address(parsing: "fe80::1%eth0") }
    }

    @Test("hardware addresses parse colon-separated hex pairs in either case")
    func hardware() throws {
        let address = try HardwareAddress(parsing: "02:AB:cd:00:00:01")
        #expect(address.octets == [2, 0xAB, 0xCD, 0, 0, 1])
        #expect(address.description == "02:ab:cd:00:00:01")
        #expect(try HardwareAddress(parsing: "20:00").octets == [0x20, 0])
        for text in ["02-ab-cd-00-00-01", "2:ab:cd:00:00:01", "+2:ab", "02:ab:", ""] {
            #expect(throws: AddressParseError.notHardwareAddress(text)) { try HardwareAddress(parsing: text) }
        }
        #expect(HardwareAddress(octets: [UInt8](repeating: 1, count: 17)) == nil)
    }

    @Test("server configurations round-trip through JSON with addresses as text")
    func codable() throws {
        let configuration = Fixtures.bridge()
        let json = try JSONEncoder().encode(configuration)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"169.254.75.10\""))
        #expect(text.contains("\"02:11:22:33:44:55\""))
        #expect(try JSONDecoder().decode(DHCPv4ServerConfiguration.self, from: json) == configuration)
        let v6 = Fixtures.masqueradeV6()
        #expect(try JSONDecoder().decode(DHCPv6ServerConfiguration.self, from: JSONEncoder().encode(v6)) == v6)
    }

    @Test("a minimal JSON lease takes KubeVirt's defaults")
    func codableDefaults() throws {
        let json = #"{"interfaceName":"k6t-eth0","serverAddress":"10.0.2.1","lease":{"address":"10.0.2.2","prefixLength":24}}"#
        let configuration = try JSONDecoder().decode(DHCPv4ServerConfiguration.self, from: Data(json.utf8))
        #expect(configuration.lease.leaseSeconds == 86_313_600)
        #expect(configuration.lease.mtu == 1500)
        #expect(configuration.clientHardwareAddress == nil)
        let v6 = #"{"interfaceName":"k6t-eth0","address":"fd10:0:2::2"}"#
        let v6Configuration = try JSONDecoder().decode(DHCPv6ServerConfiguration.self, from: Data(v6.utf8))
        #expect(v6Configuration.serverHardwareAddress.description == "02:00:00:00:00:00")
        #expect(v6Configuration.leaseSeconds == 86_313_600)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(DHCPv6ServerConfiguration.self, from: Data(#"{"interfaceName":"x","address":"10.0.2.2"}"#.utf8))
        }
    }
}
