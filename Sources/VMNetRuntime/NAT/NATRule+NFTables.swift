import CNFTables
import VMNetCore

extension NFTRule {
    /// The nftables form of a plan's NAT rule, with the expressions in the order `nft` makes KubeVirt's rules
    /// (interfaces, destination, protocol and port, source, counter, then the verdict); throws when the rule names
    /// a protocol other than tcp/udp, a port outside 1–65535, an address of the other family or an interface name
    /// longer than 15 bytes.
    init(_ rule: NATRule) throws(StepError) {
        let family = rule.family
        var expressions: [NFTExpression] = []
        for (name, key) in [(rule.inInterface, NFT_META_IIFNAME), (rule.outInterface, NFT_META_OIFNAME)] {
            guard let name else { continue }
            expressions += [.meta(key: key.rawValue), .equals(try Self.interfaceName(name, rule))]
        }
        if let destination = rule.destination {
            expressions += try Self.address(destination, of: rule, offset: family == .ipv4 ? 16 : 24)
        }
        if let transport = rule.transport {
            let number: UInt8
            switch transport {
            case "tcp": number = UInt8(IPPROTO_TCP)
            case "udp": number = UInt8(IPPROTO_UDP)
            default: throw .invalid("NAT rule `\(rule)`: the protocol must be tcp or udp, not \(transport)")
            }
            expressions += [.meta(key: NFT_META_L4PROTO.rawValue), .equals([number])]
            if let port = rule.destinationPort {
                guard let port = UInt16(exactly: port), port > 0 else {
                    throw .invalid("NAT rule `\(rule)`: the port must be between 1 and 65535, not \(rule.destinationPort!)")
                }
                expressions += [
                    .payload(base: NFT_PAYLOAD_TRANSPORT_HEADER.rawValue, offset: 2, length: 2),
                    .equals([UInt8(port >> 8), UInt8(port & 0xff)]),
                ]
            }
        } else if rule.destinationPort != nil {
            throw .invalid("NAT rule `\(rule)`: a port needs a protocol")
        }
        if let source = rule.source {
            expressions += try Self.address(source, of: rule, offset: family == .ipv4 ? 12 : 8)
        }
        expressions.append(.counter)
        switch rule.target {
        case .masquerade:
            expressions.append(.masquerade)
        case .dnat(let address), .snat(let address):
            guard address.family == family else { throw .invalid("NAT rule `\(rule)`: \(address) is not an \(family) address") }
            let type = if case .dnat = rule.target { NFT_NAT_DNAT } else { NFT_NAT_SNAT }
            expressions += [.load(address.bytes), .nat(type: type.rawValue, family: family.nftablesFamily)]
        case .jump(let chain):
            expressions.append(.jump(NFTablesNAT.chainName(chain)))
        case .return:
            expressions.append(.return)
        }
        self.init(table: NFTablesNAT.table(family), chain: NFTablesNAT.chainName(rule.chain), expressions: expressions)
    }

    /// `IFNAMSIZ`: the kernel's interface names are at most 15 bytes and a terminating zero.
    private static let interfaceNameSize = 16

    /// An interface name as `meta iifname` compares it: the bytes, zero-padded to `IFNAMSIZ`.
    private static func interfaceName(_ name: String, _ rule: NATRule) throws(StepError) -> [UInt8] {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count < Self.interfaceNameSize, !bytes.contains(0) else {
            throw .invalid("NAT rule `\(rule)`: `\(name)` is not an interface name (1 to 15 bytes)")
        }
        return bytes + [UInt8](repeating: 0, count: Self.interfaceNameSize - bytes.count)
    }

    /// A check of the address at `offset` of the network header.
    private static func address(_ address: IPAddress, of rule: NATRule, offset: UInt32) throws(StepError) -> [NFTExpression] {
        guard address.family == rule.family else {
            throw .invalid("NAT rule `\(rule)`: \(address) is not an \(rule.family) address")
        }
        return [
            .payload(base: NFT_PAYLOAD_NETWORK_HEADER.rawValue, offset: offset, length: UInt32(address.bytes.count)),
            .equals(address.bytes),
        ]
    }
}
