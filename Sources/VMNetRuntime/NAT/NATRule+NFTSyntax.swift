import VMNetCore

extension NATRule {
    /// The rule's matches and verdict in `nft` syntax, as `nft list ruleset` prints the nftables backend's copy of
    /// it (without counter values), e.g. `tcp dport 80 ip saddr 127.0.0.1 counter snat to 10.0.2.1`.
    public var nftablesSyntax: String {
        let family = self.family == .ipv4 ? "ip" : "ip6"
        var words: [String] = []
        if let inInterface { words.append("iifname \"\(inInterface)\"") }
        if let outInterface { words.append("oifname \"\(outInterface)\"") }
        if let destination { words.append("\(family) daddr \(destination)") }
        if let transport {
            words.append(destinationPort.map { "\(transport) dport \($0)" } ?? "meta l4proto \(transport)")
        }
        if let source { words.append("\(family) saddr \(source)") }
        words.append("counter")
        switch target {
        case .masquerade: words.append("masquerade")
        case .dnat(let address): words.append("dnat to \(address)")
        case .snat(let address): words.append("snat to \(address)")
        case .jump(let chain): words.append("jump \(NFTablesNAT.chainName(chain))")
        case .return: words.append("return")
        }
        return words.joined(separator: " ")
    }

    /// The `nft` command that adds the rule to the nftables backend's table, e.g.
    /// `nft add rule ip nat prerouting iifname "eth0" counter jump KUBEVIRT_PREINBOUND`.
    public var nftablesCommand: String {
        "nft add rule \(family == .ipv4 ? "ip" : "ip6") \(NFTablesNAT.tableName) \(NFTablesNAT.chainName(chain)) \(nftablesSyntax)"
    }
}
