import VMNetCore

/// A NAT rule as one line of the journal: `FAMILY CHAIN TRANSPORT PORT SOURCE DESTINATION IN OUT TARGET [ARGUMENT]`,
/// with `-` for what the rule leaves out, e.g. `ipv4 KUBEVIRT_PREINBOUND tcp 80 - - - - dnat 10.0.2.2`.
///
/// A plan forwarding a thousand ports holds three thousand rules; as JSON objects they would make most of the
/// cost of writing the journal before each step and of reading it on `down`.
enum CompactNATRule {
    /// The line of `rule`. Chain and interface names hold no spaces: the kernel and `NATEntry` refuse them.
    static func line(_ rule: NATRule) -> String {
        let target = switch rule.target {
        case .masquerade: "masquerade"
        case .dnat(let address): "dnat \(address)"
        case .snat(let address): "snat \(address)"
        case .jump(let chain): "jump \(chain)"
        case .return: "return"
        }
        return [
            rule.family.rawValue, rule.chain, rule.transport ?? "-", rule.destinationPort.map(String.init) ?? "-",
            rule.source?.description ?? "-", rule.destination?.description ?? "-", rule.inInterface ?? "-",
            rule.outInterface ?? "-", target,
        ].joined(separator: " ")
    }

    /// The rule a `line` holds; nil when it is not one.
    static func rule(_ line: String) -> NATRule? {
        let words = line.split(separator: " ").map(String.init)
        guard words.count == 9 || words.count == 10, let family = NATRule.Family(rawValue: words[0]) else { return nil }
        func optional(_ word: String) -> String? { word == "-" ? nil : word }
        func address(_ word: String) -> IPAddress?? { word == "-" ? .some(nil) : IPAddress(word).map { .some($0) } }
        guard let source = address(words[4]), let destination = address(words[5]) else { return nil }
        let port = optional(words[3])
        guard port == nil || Int(port!) != nil else { return nil }
        let target: NATRule.Target
        switch (words[8], words.count == 10 ? words[9] : nil) {
        case ("masquerade", nil): target = .masquerade
        case ("return", nil): target = .return
        case ("jump", let chain?): target = .jump(chain)
        case ("dnat", let text?):
            guard let to = IPAddress(text) else { return nil }
            target = .dnat(to: to)
        case ("snat", let text?):
            guard let to = IPAddress(text) else { return nil }
            target = .snat(to: to)
        default: return nil
        }
        return NATRule(
            family, chain: words[1], transport: optional(words[2]), destinationPort: port.flatMap { Int($0) },
            source: source, destination: destination, inInterface: optional(words[6]), outInterface: optional(words[7]),
            target: target)
    }
}
