/// One rule of the `nat` table, as data: what the masquerade binding asks the executor to install.
public struct NATRule: Codable, Sendable, Hashable {
    /// IPv4 (`iptables`) or IPv6 (`ip6tables`).
    public enum Family: String, Codable, Sendable, Hashable {
        case ipv4, ipv6
    }

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
    public var family: Family
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
        _ family: Family, chain: String, transport: String? = nil, destinationPort: Int? = nil, source: IPAddress? = nil,
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
}
