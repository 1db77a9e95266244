/// One rule of the `nat` table, as data: what the masquerade binding asks the executor to install.
///
/// In JSON (the plugin contract, plans, journals) a rule is its `line`, e.g.
/// `"ipv4 KUBEVIRT_PREINBOUND tcp 80 - - - - dnat 10.0.2.2"`: a plan forwarding a thousand ports carries three
/// thousand rules, and as keyed objects they made most of the cost of `vmnet up` crossing the plugin boundary.
/// The keyed object form (`{"family": "ipv4", "chain": …, "target": {"dnat": {"to": …}}}`) of contract 1.0 is
/// still read, and written for a plugin or host that speaks only 1.0.
public struct NATRule: Codable, Sendable, Hashable {
    /// What a matching packet gets.
    public enum Target: Codable, Sendable, Hashable {
        /// Source NAT to the outgoing interface's address.
        case masquerade
        /// Destination NAT to an address.
        case dnat(to: IPAddress)
        /// Source NAT to an address.
        case snat(to: IPAddress)
        /// Continue in a user chain.
        case jump(String)
        /// Stop traversing this chain.
        case `return`
    }

    /// The address family.
    public var family: IPFamily
    /// The chain: a built-in (`PREROUTING`, `POSTROUTING`, `OUTPUT`) or a user chain.
    public var chain: String
    /// `tcp` or `udp` when the rule matches a protocol.
    public var transport: String?
    /// The destination port (needs `transport`).
    public var destinationPort: Int?
    /// The source address (full-length prefix).
    public var source: IPAddress?
    /// The destination address (full-length prefix).
    public var destination: IPAddress?
    /// The input interface.
    public var inInterface: String?
    /// The output interface.
    public var outInterface: String?
    /// The target.
    public var target: Target

    /// Creates a rule.
    public init(
        _ family: IPFamily, chain: String, transport: String? = nil, destinationPort: Int? = nil, source: IPAddress? = nil,
        destination: IPAddress? = nil, inInterface: String? = nil, outInterface: String? = nil, target: Target
    ) {
        self.family = family
        self.chain = chain
        self.transport = transport
        self.destinationPort = destinationPort
        self.source = source
        self.destination = destination
        self.inInterface = inInterface
        self.outInterface = outInterface
        self.target = target
    }

    private enum CodingKeys: String, CodingKey {
        case family, chain, transport, destinationPort, source, destination, inInterface, outInterface, target
    }

    /// Decodes a rule from its line or from the keyed object form.
    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            guard let rule = NATRule(line: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a NAT rule line: \(text)"))
            }
            self = rule
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            try container.decode(IPFamily.self, forKey: .family), chain: try container.decode(String.self, forKey: .chain),
            transport: try container.decodeIfPresent(String.self, forKey: .transport),
            destinationPort: try container.decodeIfPresent(Int.self, forKey: .destinationPort),
            source: try container.decodeIfPresent(IPAddress.self, forKey: .source),
            destination: try container.decodeIfPresent(IPAddress.self, forKey: .destination),
            inInterface: try container.decodeIfPresent(String.self, forKey: .inInterface),
            outInterface: try container.decodeIfPresent(String.self, forKey: .outInterface),
            target: try container.decode(Target.self, forKey: .target))
    }

    /// Encodes the rule as its line, or as the keyed object for contract 1.0.
    public func encode(to encoder: any Encoder) throws {
        guard encoder.wantsObjectForms else {
            var container = encoder.singleValueContainer()
            try container.encode(line)
            return
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(family, forKey: .family)
        try container.encode(chain, forKey: .chain)
        try container.encodeIfPresent(transport, forKey: .transport)
        try container.encodeIfPresent(destinationPort, forKey: .destinationPort)
        try container.encodeIfPresent(source, forKey: .source)
        try container.encodeIfPresent(destination, forKey: .destination)
        try container.encodeIfPresent(inInterface, forKey: .inInterface)
        try container.encodeIfPresent(outInterface, forKey: .outInterface)
        try container.encode(target, forKey: .target)
    }
}
