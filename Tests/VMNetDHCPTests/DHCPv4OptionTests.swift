import Testing
import VMNetDHCP

@Suite("DHCPv4 option encodings")
struct DHCPv4OptionTests {
    private func reply(_ configuration: DHCPv4ServerConfiguration = Fixtures.bridge()) throws -> DHCPv4Message {
        try DHCPv4Responder(configuration: configuration).respond(to: Fixtures.request(.discover)).get()
    }

    @Test("every option of a bridge-mode OFFER has KubeVirt's exact bytes")
    func exactBytes() throws {
        let offer = try reply()
        #expect(offer[.messageType] == [2])
        #expect(offer[.serverIdentifier] == [169, 254, 75, 10])
        #expect(offer[.leaseTime] == [0x05, 0x25, 0x0A, 0x80])
        #expect(offer[.subnetMask] == [255, 255, 255, 0])
        #expect(offer[.router] == [10, 244, 1, 1])
        #expect(offer[.domainNameServers] == [10, 96, 0, 10, 10, 96, 0, 11])
        #expect(offer[.hostName] == Array("testvm".utf8))
        #expect(offer[.domainName] == Array("default.svc.cluster.local".utf8))
        #expect(offer[.interfaceMTU] == [0x05, 0x78])
        #expect(offer[.tftpServerName] == Array("tftp.example.com".utf8))
        #expect(offer[.bootFileName] == Array("pxelinux.0".utf8))
        #expect(offer[.classlessStaticRoutes] == [8, 10, 10, 244, 1, 254, 0, 10, 244, 1, 1])
        #expect(offer[.domainSearch]?.count == 27 + 19 + 15)
    }

    @Test("option 121 follows the reference example: 10.0.0.0/8 via 10.1.2.3 and the default route last")
    func classlessRoutesExample() throws {
        let routes = [
            DHCPv4Route(destination: "0.0.0.0", prefixLength: 0, gateway: "10.1.2.1"),
            DHCPv4Route(destination: "10.0.0.0", prefixLength: 8, gateway: "10.1.2.3"),
        ]
        #expect(try DHCPv4Route.classlessRoutesOption(routes) == [8, 10, 10, 1, 2, 3, 0, 10, 1, 2, 1])
    }

    @Test("option 121 writes only the significant destination octets and 0.0.0.0 for on-link routes")
    func classlessRoutesWidths() throws {
        let routes = [
            DHCPv4Route(destination: "192.168.7.0", prefixLength: 24),
            DHCPv4Route(destination: "172.16.0.0", prefixLength: 12, gateway: "10.0.0.1"),
            DHCPv4Route(destination: "10.9.8.7", prefixLength: 32, gateway: "10.0.0.1"),
            DHCPv4Route(destination: "10.128.0.0", prefixLength: 9, gateway: "10.0.0.1"),
        ]
        #expect(try DHCPv4Route.classlessRoutesOption(routes) == [
            24, 192, 168, 7, 0, 0, 0, 0,
            12, 172, 16, 10, 0, 0, 1,
            32, 10, 9, 8, 7, 10, 0, 0, 1,
            9, 10, 128, 10, 0, 0, 1,
        ])
        #expect(throws: DHCPConfigurationError.invalidPrefixLength(33)) {
            try DHCPv4Route.classlessRoutesOption([DHCPv4Route(destination: "10.0.0.0", prefixLength: 33)])
        }
    }

    @Test("masquerade sends no routes option, and empty values send no option at all")
    func absentOptions() throws {
        var configuration = Fixtures.masquerade()
        configuration.lease.dnsServers = []
        configuration.lease.searchDomains = []
        configuration.lease.domainName = nil
        configuration.lease.hostName = ""
        let offer = try reply(configuration)
        for code: DHCPv4OptionCode in [.classlessStaticRoutes, .domainNameServers, .domainSearch, .domainName, .hostName,
                                       .tftpServerName, .bootFileName] {
            #expect(offer[code] == nil, "\(code)")
        }
        #expect(offer[.router] == [10, 0, 2, 1])
        #expect(offer[.interfaceMTU] == [0x05, 0xC8])
        #expect(offer.yourAddress == "10.0.2.2")
    }

    @Test("NTP servers are option 42's concatenated addresses; private options carry their text's bytes, by code")
    func ntpAndPrivateOptions() throws {
        var configuration = Fixtures.masquerade()
        configuration.lease.ntpServers = ["192.0.2.123", "198.51.100.7"]
        configuration.lease.privateOptions = [
            DHCPv4Option(DHCPv4OptionCode(rawValue: 240), Array("b".utf8)),
            DHCPv4Option(DHCPv4OptionCode(rawValue: 224), Array("a".utf8)),
        ]
        let offer = try reply(configuration)
        #expect(offer[.ntpServers] == [192, 0, 2, 123, 198, 51, 100, 7])
        #expect(offer[DHCPv4OptionCode(rawValue: 224)] == [0x61])
        #expect(offer[DHCPv4OptionCode(rawValue: 240)] == [0x62])
        let codes = offer.options.map(\.code.rawValue)
        #expect(codes.firstIndex(of: 224)! < codes.firstIndex(of: 240)!)
        #expect(try reply()[.ntpServers] == nil)
    }

    @Test("an option outside 224–254 given as private stops the server from being configured")
    func privateOptionOutsideRange() {
        var configuration = Fixtures.masquerade()
        configuration.lease.privateOptions = [DHCPv4Option(.router, [10, 0, 2, 99])]
        #expect(throws: DHCPConfigurationError.notPrivateOption(code: 3)) { try DHCPv4Responder(configuration: configuration) }
    }

    @Test("values too long for one option stop the server from being configured")
    func tooLong() {
        var configuration = Fixtures.masquerade()
        configuration.lease.bootFileName = String(repeating: "b", count: 256)
        #expect(throws: DHCPConfigurationError.optionTooLong(code: 67, length: 256)) {
            try DHCPv4Responder(configuration: configuration)
        }
        configuration = Fixtures.masquerade()
        configuration.lease.prefixLength = 40
        #expect(throws: DHCPConfigurationError.invalidPrefixLength(40)) { try DHCPv4Responder(configuration: configuration) }
        configuration = Fixtures.masquerade(interface: "a-name-over-15-chars")
        #expect(throws: DHCPConfigurationError.invalidInterfaceName("a-name-over-15-chars")) {
            try DHCPv4Responder(configuration: configuration)
        }
    }
}
