import Testing
import VMNetDHCP

@Suite("Domain search list (option 119)")
struct DomainSearchListTests {
    @Test("domains are encoded as RFC 1035 labels, each name ending in a zero octet, without compression")
    func encoding() throws {
        let bytes = try DomainSearchList.encode(["default.svc.cluster.local", "cluster.local"])
        let expected: [UInt8] = [7] + Array("default".utf8) + [3] + Array("svc".utf8) + [7] + Array("cluster".utf8)
            + [5] + Array("local".utf8) + [0] + [7] + Array("cluster".utf8) + [5] + Array("local".utf8) + [0]
        #expect(bytes == expected)
    }

    @Test("a trailing dot adds no empty label")
    func trailingDot() throws {
        #expect(try DomainSearchList.encode(["example.com."]) == [7] + Array("example".utf8) + [3] + Array("com".utf8) + [0])
    }

    @Test("KubeVirt's search-domain pattern decides validity",
          arguments: [("svc.cluster.local", true), ("_tcp.example.com", true), ("a-b.c0", true), ("example.com.", true),
                      ("Example.com", false), ("-a.com", false), ("a-.com", false), ("a..com", false), ("a.1com", false),
                      ("a.c_m", false), ("a b.com", false), (String(repeating: "a", count: 64) + ".com", false),
                      (String(repeating: "a.", count: 127) + "ab", false)])
    func validity(domain: String, valid: Bool) {
        #expect(DomainSearchList.isValid(domain) == valid)
    }

    @Test("an invalid domain is refused with KubeVirt's message")
    func invalidDomain() {
        #expect(throws: DHCPConfigurationError.invalidSearchDomain("Bad_Domain")) { try DomainSearchList.encode(["Bad_Domain"]) }
        #expect(DHCPConfigurationError.invalidSearchDomain("x y").description.hasPrefix("Search domain is not valid: 'x y'"))
    }

    @Test("a list longer than one option is refused with its encoded length")
    func tooLong() {
        let domains = (0..<12).map { "namespace\($0).svc.cluster.local" }
        #expect(throws: DHCPConfigurationError.searchListTooLong(362)) { try DomainSearchList.encode(domains) }
        #expect(DHCPConfigurationError.searchListTooLong(362).description
            .hasPrefix("Search domains length exceeded allowable size: was 362 long"))
    }
}
