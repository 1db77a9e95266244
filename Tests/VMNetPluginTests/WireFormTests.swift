import Foundation
import Testing
import VMNetCore

/// The compact JSON forms of the plugin contract's bulkiest values (every plugin call carries the VM with its
/// ports, and the masquerade plan three NAT rules per port), and the forms older plugins send.
@Suite("Compact wire forms of ports and NAT rules, and what older plugins still send")
struct WireFormTests {
    @Test("a port with only its number is that number; a named or typed port is an object; both decode")
    func ports() throws {
        let ports: [VMNetCore.Port] = [VMNetCore.Port(port: 80), VMNetCore.Port(name: "dns", port: 53, protocol: "UDP"), VMNetCore.Port(port: 8080, protocol: "TCP"), VMNetCore.Port(name: "x", port: nil)]
        let encoded = String(decoding: try JSONEncoder.sorted.encode(ports), as: UTF8.self)
        #expect(encoded == #"[80,{"name":"dns","port":53,"protocol":"UDP"},{"port":8080,"protocol":"TCP"},{"name":"x"}]"#)
        #expect(try JSONDecoder().decode([VMNetCore.Port].self, from: Data(encoded.utf8)) == ports)
        #expect(try JSONDecoder().decode(VMNetCore.Port.self, from: Data(#"{"port": 80}"#.utf8)) == VMNetCore.Port(port: 80))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(VMNetCore.Port.self, from: Data(#""80""#.utf8)) }
    }

    @Test("a binding manifest of an older plugin that still declares hotplug decodes, the key ignored")
    func hotplugIgnored() throws {
        let manifest = #"{"name": "old", "displayName": "Old", "version": "1.0.0", "summary": "An older plugin.", "options": [], "capabilities": {"forwardsPorts": true, "hotplug": true}}"#
        let decoded = try JSONDecoder().decode(BindingManifest.self, from: Data(manifest.utf8))
        #expect(decoded.capabilities == BindingCapabilities(forwardsPorts: true))
        #expect(!String(decoding: try JSONEncoder().encode(decoded), as: UTF8.self).contains("hotplug"))
    }

    @Test("a NAT rule is its line; the keyed object form of older plugins still decodes")
    func natRules() throws {
        let rules = [
            NATRule(.ipv4, chain: "POSTROUTING", source: IPAddress("10.0.2.2"), target: .masquerade),
            NATRule(.ipv6, chain: "KUBEVIRT_PREINBOUND", transport: "udp", destinationPort: 53, target: .dnat(to: IPAddress("fd10:0:2::2")!)),
        ]
        let encoded = String(decoding: try JSONEncoder().encode(rules), as: UTF8.self)
        #expect(encoded == #"["ipv4 POSTROUTING - - 10.0.2.2 - - - masquerade","ipv6 KUBEVIRT_PREINBOUND udp 53 - - - - dnat fd10:0:2::2"]"#)
        #expect(try JSONDecoder().decode([NATRule].self, from: Data(encoded.utf8)) == rules)
        let keyed = #"{"family": "ipv6", "chain": "KUBEVIRT_PREINBOUND", "transport": "udp", "destinationPort": 53, "target": {"dnat": {"to": "fd10:0:2::2"}}}"#
        #expect(try JSONDecoder().decode(NATRule.self, from: Data(keyed.utf8)) == rules[1])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(NATRule.self, from: Data(#""ipv4 nowhere""#.utf8)) }
    }
}

extension WireFormTests {
    @Test("documents of contract 1.0 carry the object forms, which plugins and hosts built before read")
    func contract10() throws {
        let old = JSONEncoder.vmnetContract(ContractVersion(major: 1, minor: 0))
        old.outputFormatting = .sortedKeys
        #expect(String(decoding: try old.encode([VMNetCore.Port(port: 80)]), as: UTF8.self) == #"[{"port":80}]"#)
        let rule = NATRule(.ipv4, chain: "KUBEVIRT_PREINBOUND", transport: "tcp", destinationPort: 80, target: .dnat(to: IPAddress("10.0.2.2")!))
        let keyed = String(decoding: try old.encode(rule), as: UTF8.self)
        #expect(keyed == #"{"chain":"KUBEVIRT_PREINBOUND","destinationPort":80,"family":"ipv4","target":{"dnat":{"to":"10.0.2.2"}},"transport":"tcp"}"#)
        #expect(try JSONDecoder().decode(NATRule.self, from: Data(keyed.utf8)) == rule)
        let current = String(decoding: try JSONEncoder.vmnetContract(.compactForms).encode(rule), as: UTF8.self)
        #expect(current == #""ipv4 KUBEVIRT_PREINBOUND tcp 80 - - - - dnat 10.0.2.2""#)
    }
}

private extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}

extension WireFormTests {
    @Test("contract 1.2 writes a step's NAT rules as one string of lines; 1.1 a list of lines; all three forms decode")
    func ruleBlocks() throws {
        let rules = [
            NATRule(.ipv4, chain: "POSTROUTING", source: IPAddress("10.0.2.2"), target: .masquerade),
            NATRule(.ipv4, chain: "KUBEVIRT_PREINBOUND", transport: "tcp", destinationPort: 80, target: .dnat(to: IPAddress("10.0.2.2")!)),
        ]
        let step = HostStep.addNATRules(chains: ["KUBEVIRT_PREINBOUND"], rules: rules)
        func encoded(_ version: ContractVersion) throws -> String {
            let encoder = JSONEncoder.vmnetContract(version)
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(step), as: UTF8.self)
        }
        let block = try encoded(.ruleBlocks)
        #expect(block == #"{"addNATRules":{"chains":["KUBEVIRT_PREINBOUND"],"rules":"ipv4 POSTROUTING - - 10.0.2.2 - - - masquerade\nipv4 KUBEVIRT_PREINBOUND tcp 80 - - - - dnat 10.0.2.2"}}"#)
        #expect(try encoded(.compactForms).contains(#""rules":["ipv4 POSTROUTING - - 10.0.2.2 - - - masquerade","#))
        #expect(try encoded(ContractVersion(major: 1, minor: 0)).contains(#""rules":[{"chain":"POSTROUTING","#))
        for version in [ContractVersion(major: 1, minor: 0), .compactForms, .ruleBlocks] {
            #expect(try JSONDecoder().decode(HostStep.self, from: Data(encoded(version).utf8)) == step, "\(version)")
        }
        let empty = HostStep.addNATRules(chains: [], rules: [])
        #expect(try JSONDecoder().decode(HostStep.self, from: JSONEncoder().encode(empty)) == empty)
        let broken = #"{"addNATRules":{"chains":[],"rules":"ipv4 POSTROUTING - - 10.0.2.2 - - - masquerade\nipv4 nowhere"}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(HostStep.self, from: Data(broken.utf8)) }
    }

    @Test("IPv4 text is read and written as inet_pton and inet_ntop do", arguments: [
        "0.0.0.0", "10.0.2.2", "255.255.255.255", "127.0.0.1", "1.2.3.4", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4",
        "1..2.3", "", " 1.2.3.4", "1.2.3.4 ", "1.2.3.04", "1.2.3.", ".1.2.3", "1.2.3.1000", "fd10:0:2::2", "::ffff:1.2.3.4",
    ])
    func ipv4Text(text: String) {
        var reference = in_addr(), reference6 = in6_addr()
        let expected: [UInt8]? = if inet_pton(AF_INET, text, &reference) == 1 {
            withUnsafeBytes(of: &reference) { Array($0) }
        } else if inet_pton(AF_INET6, text, &reference6) == 1 {
            withUnsafeBytes(of: &reference6) { Array($0) }
        } else {
            nil
        }
        #expect(IPAddress(text)?.bytes == expected)
        if let expected, expected.count == 4 {
            var buffer = [CChar](repeating: 0, count: 16)
            _ = inet_ntop(AF_INET, expected, &buffer, 16)
            let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            #expect(IPAddress(bytes: expected).description == text)
        }
    }
}
