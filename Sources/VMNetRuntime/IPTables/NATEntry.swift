import CVMNetSys
import VMNetCore

/// Converts between `IPTablesRule` and the kernel's entry bytes, through the C builders in CVMNetSys.
enum NATEntry {
    /// The longest chain name x_tables takes (`XT_EXTENSION_MAXNAMELEN` − 1).
    static let maximumChainNameLength = 28

    /// Validates `rule` for a `family` table and builds its `ipt_entry` / `ip6t_entry` bytes.
    static func bytes(for rule: IPTablesRule, family: IPFamily) throws(IPTablesError) -> [UInt8] {
        var plain = try plainRule(rule, family: family)
        let size = vmnet_nat_entry_size(&plain)
        var bytes = [UInt8](repeating: 0, count: size)
        vmnet_nat_entry_build(&plain, &bytes)
        return bytes
    }

    /// Reads an entry of `chain` back into a rule; nil when it uses anything `IPTablesRule` cannot express.
    /// `targetName` is libiptc's name for the entry's target (`iptc_get_target`).
    static func rule(
        chain: String, entry: UnsafeRawPointer, targetName: String, family: IPFamily
    ) -> IPTablesRule? {
        var plain = vmnet_nat_rule()
        guard vmnet_nat_entry_read(entry, family == .ipv6 ? 1 : 0, &plain) == 0 else { return nil }
        let target: IPTablesRule.Target
        switch Int(plain.target) {
        case Int(VMNET_NAT_TARGET_MASQUERADE.rawValue):
            target = .masquerade
        case Int(VMNET_NAT_TARGET_DNAT.rawValue):
            target = .dnat(to: address(plain.to_address, family), port: plain.to_port == 0 ? nil : plain.to_port)
        case Int(VMNET_NAT_TARGET_SNAT.rawValue):
            target = .snat(to: address(plain.to_address, family))
        default:
            switch targetName {
            case "RETURN": target = .return
            case "", "ACCEPT", "DROP", "QUEUE": return nil
            default: target = .jump(targetName)
            }
        }
        let transport: IPTablesRule.TransportProtocol?
        switch plain.protocol {
        case 0: transport = nil
        case 6: transport = .tcp
        case 17: transport = .udp
        default: return nil
        }
        let hasPorts = plain.port_min != 0 || plain.port_max != 0
        return IPTablesRule(
            chain: chain,
            source: prefix(plain.source, plain.source_prefix, family),
            destination: prefix(plain.destination, plain.destination_prefix, family),
            inInterface: name(plain.in_interface),
            outInterface: name(plain.out_interface),
            transportProtocol: transport,
            destinationPorts: hasPorts ? plain.port_min...max(plain.port_min, plain.port_max) : nil,
            target: target
        )
    }

    private static func plainRule(_ rule: IPTablesRule, family: IPFamily) throws(IPTablesError) -> vmnet_nat_rule {
        func invalid(_ reason: String) -> IPTablesError { .invalidRule(rule, reason: reason) }
        try checkChain(rule.chain, rule)
        var plain = vmnet_nat_rule()
        plain.ipv6 = family == .ipv6 ? 1 : 0
        for (prefix, side) in [(rule.source, "source"), (rule.destination, "destination")] {
            if let prefix, prefix.family != family { throw invalid("the \(side) \(prefix) is not \(family)") }
        }
        if let source = rule.source {
            copy(source.address.bytes, into: &plain.source)
            plain.source_prefix = UInt8(source.prefixLength)
        }
        if let destination = rule.destination {
            copy(destination.address.bytes, into: &plain.destination)
            plain.destination_prefix = UInt8(destination.prefixLength)
        }
        for (interface, side) in [(rule.inInterface, "input"), (rule.outInterface, "output")] {
            if let interface, interface.isEmpty || interface.utf8.count > 15 {
                throw invalid("the \(side) interface name must be 1 to 15 bytes")
            }
        }
        copy(Array((rule.inInterface ?? "").utf8), into: &plain.in_interface)
        copy(Array((rule.outInterface ?? "").utf8), into: &plain.out_interface)
        plain.protocol = rule.transportProtocol?.number ?? 0
        if let ports = rule.destinationPorts {
            guard rule.transportProtocol != nil else { throw invalid("--dport needs -p tcp or -p udp") }
            plain.port_min = ports.lowerBound
            plain.port_max = ports.upperBound
        }
        switch rule.target {
        case .masquerade:
            plain.target = UInt8(VMNET_NAT_TARGET_MASQUERADE.rawValue)
        case .dnat(let address, let port):
            guard address.family == family else { throw invalid("the DNAT address \(address) is not \(family)") }
            if port != nil, rule.transportProtocol == nil { throw invalid("a DNAT port needs -p tcp or -p udp") }
            plain.target = UInt8(VMNET_NAT_TARGET_DNAT.rawValue)
            copy(address.bytes, into: &plain.to_address)
            plain.to_port = port ?? 0
        case .snat(let address):
            guard address.family == family else { throw invalid("the SNAT address \(address) is not \(family)") }
            plain.target = UInt8(VMNET_NAT_TARGET_SNAT.rawValue)
            copy(address.bytes, into: &plain.to_address)
        case .return:
            plain.target = UInt8(VMNET_NAT_TARGET_STANDARD.rawValue)
            copy(Array("RETURN".utf8), into: &plain.target_name)
        case .jump(let chain):
            try checkChain(chain, rule)
            plain.target = UInt8(VMNET_NAT_TARGET_STANDARD.rawValue)
            copy(Array(chain.utf8), into: &plain.target_name)
        }
        return plain
    }

    /// Rejects chain names x_tables cannot hold.
    static func checkChain(_ chain: String, _ rule: IPTablesRule?) throws(IPTablesError) {
        guard !chain.isEmpty, chain.utf8.count <= maximumChainNameLength, !hasWhitespace(chain) else {
            let reason = "the chain name `\(chain)` must be 1 to \(maximumChainNameLength) bytes without spaces"
            if let rule { throw .invalidRule(rule, reason: reason) }
            throw .refused(operation: "use chain \(chain)", reason: reason)
        }
    }

    /// Whether `name` holds whitespace; ASCII names, all of a plan's, are checked byte by byte (Unicode property
    /// lookups per character were 3% of a 1000-port `up` + `down`).
    private static func hasWhitespace(_ name: String) -> Bool {
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else { return name.contains(where: \.isWhitespace) }
        return name.utf8.contains { $0 == 0x20 || (0x09...0x0D).contains($0) }
    }

    private static func copy<Tuple>(_ bytes: [UInt8], into tuple: inout Tuple) {
        withUnsafeMutableBytes(of: &tuple) { buffer in
            buffer.copyBytes(from: bytes.prefix(buffer.count))
        }
    }

    private static func address<Tuple>(_ tuple: Tuple, _ family: IPFamily) -> IPAddress {
        withUnsafeBytes(of: tuple) { IPAddress(bytes: Array($0.prefix(family.addressLength))) }
    }

    private static func prefix<Tuple>(_ tuple: Tuple, _ length: UInt8, _ family: IPFamily) -> IPNetwork? {
        length == 0 ? nil : IPNetwork(address: address(tuple, family), prefixLength: Int(length))
    }

    private static func name<Tuple>(_ tuple: Tuple) -> String? {
        let text = withUnsafeBytes(of: tuple) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return text.isEmpty ? nil : text
    }
}
