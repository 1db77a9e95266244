import VMNetCore

extension IPTablesRule {
    /// The iptables form of a plan's NAT rule; throws when the rule names a protocol other than tcp/udp or a
    /// port outside 1–65535.
    init(_ rule: NATRule) throws(StepError) {
        var transport: TransportProtocol?
        if let name = rule.transport {
            guard let known = TransportProtocol(rawValue: name) else {
                throw .invalid("NAT rule `\(rule)`: the protocol must be tcp or udp, not \(name)")
            }
            transport = known
        }
        var ports: ClosedRange<UInt16>?
        if let port = rule.destinationPort {
            guard let number = UInt16(exactly: port), number > 0 else {
                throw .invalid("NAT rule `\(rule)`: the port must be between 1 and 65535, not \(port)")
            }
            ports = number...number
        }
        let target: Target
        switch rule.target {
        case .masquerade: target = .masquerade
        case .dnat(let address): target = .dnat(to: address)
        case .snat(let address): target = .snat(to: address)
        case .jump(let chain): target = .jump(chain)
        case .return: target = .return
        }
        self.init(
            chain: rule.chain, source: rule.source.map(IPNetwork.init(host:)),
            destination: rule.destination.map(IPNetwork.init(host:)), inInterface: rule.inInterface,
            outInterface: rule.outInterface, transportProtocol: transport, destinationPorts: ports, target: target)
    }
}
