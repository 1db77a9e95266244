import VMNetCore

/// One rule of the nat table, as data: the subset of iptables that KubeVirt's masquerade binding uses.
///
/// `description` renders the rule exactly as `iptables-legacy-save -t nat` prints it, e.g.
/// `-A KUBEVIRT_PREINBOUND -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.2.2`.
public struct IPTablesRule: Sendable, Hashable, CustomStringConvertible {
    /// The transport protocol a rule matches (`-p`).
    public enum TransportProtocol: String, Sendable, Hashable {
        /// TCP (protocol 6).
        case tcp
        /// UDP (protocol 17).
        case udp

        /// The IP protocol number.
        public var number: UInt8 { self == .tcp ? 6 : 17 }
    }

    /// What the rule does with the packets it matches (`-j`).
    public enum Target: Sendable, Hashable {
        /// `-j MASQUERADE`: source NAT to the outgoing interface's address.
        case masquerade
        /// `-j DNAT --to-destination ADDRESS[:PORT]`.
        case dnat(to: IPAddress, port: UInt16? = nil)
        /// `-j SNAT --to-source ADDRESS`.
        case snat(to: IPAddress)
        /// `-j RETURN`: back to the calling chain.
        case `return`
        /// `-j CHAIN`: continue in a user chain.
        case jump(String)
    }

    /// The chain the rule is appended to: `PREROUTING`, `OUTPUT`, `POSTROUTING` or a user chain.
    public var chain: String
    /// `-s`: the source network; nil for any.
    public var source: IPNetwork?
    /// `-d`: the destination network; nil for any.
    public var destination: IPNetwork?
    /// `-i`: the input interface; nil for any.
    public var inInterface: String?
    /// `-o`: the output interface; nil for any.
    public var outInterface: String?
    /// `-p`: the transport protocol; nil for any.
    public var transportProtocol: TransportProtocol?
    /// `--dport` (one port, or `FIRST:LAST`); needs `transportProtocol`.
    public var destinationPorts: ClosedRange<UInt16>?
    /// `-j`: the target.
    public var target: Target

    /// Creates a rule; every match left nil matches anything.
    public init(
        chain: String, source: IPNetwork? = nil, destination: IPNetwork? = nil, inInterface: String? = nil,
        outInterface: String? = nil, transportProtocol: TransportProtocol? = nil,
        destinationPorts: ClosedRange<UInt16>? = nil, target: Target
    ) {
        self.chain = chain
        self.source = source
        self.destination = destination
        self.inInterface = inInterface
        self.outInterface = outInterface
        self.transportProtocol = transportProtocol
        self.destinationPorts = destinationPorts
        self.target = target
    }

    /// The rule as `iptables-legacy-save` prints it: `-A CHAIN MATCHES -j TARGET`.
    public var description: String {
        var words = ["-A", chain]
        if let source { words += ["-s", source.description] }
        if let destination { words += ["-d", destination.description] }
        if let inInterface { words += ["-i", inInterface] }
        if let outInterface { words += ["-o", outInterface] }
        if let transportProtocol { words += ["-p", transportProtocol.rawValue] }
        if let destinationPorts, let transportProtocol {
            let ports = destinationPorts.lowerBound == destinationPorts.upperBound
                ? "\(destinationPorts.lowerBound)" : "\(destinationPorts.lowerBound):\(destinationPorts.upperBound)"
            words += ["-m", transportProtocol.rawValue, "--dport", ports]
        }
        switch target {
        case .masquerade: words += ["-j", "MASQUERADE"]
        case .dnat(let address, let port): words += ["-j", "DNAT", "--to-destination", Self.natText(address, port)]
        case .snat(let address): words += ["-j", "SNAT", "--to-source", Self.natText(address, nil)]
        case .return: words += ["-j", "RETURN"]
        case .jump(let chain): words += ["-j", chain]
        }
        return words.joined(separator: " ")
    }

    private static func natText(_ address: IPAddress, _ port: UInt16?) -> String {
        guard let port else { return address.description }
        return address.family == .ipv4 ? "\(address):\(port)" : "[\(address)]:\(port)"
    }
}
