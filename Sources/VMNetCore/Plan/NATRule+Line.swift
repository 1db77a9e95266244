extension NATRule {
    /// The rule as one line, `FAMILY CHAIN TRANSPORT PORT SOURCE DESTINATION IN OUT TARGET [ARGUMENT]`, with `-` for
    /// what the rule leaves out, e.g. `ipv4 KUBEVIRT_PREINBOUND tcp 80 - - - - dnat 10.0.2.2`. Chain and interface
    /// names hold no spaces: the kernel and the executor refuse them.
    public var line: String {
        // One string built in place: a thousand-port plan writes three thousand of these at each crossing.
        var line = family.rawValue
        line.reserveCapacity(64)
        func add(_ word: String?) {
            line += " "
            line += word ?? "-"
        }
        add(chain)
        add(transport)
        add(destinationPort.map(String.init))
        add(source?.description)
        add(destination?.description)
        add(inInterface)
        add(outInterface)
        switch target {
        case .masquerade: add("masquerade")
        case .dnat(let address): add("dnat"); add(address.description)
        case .snat(let address): add("snat"); add(address.description)
        case .jump(let chain): add("jump"); add(chain)
        case .return: add("return")
        }
        return line
    }

    /// The rule a `line` holds; nil when it is not one.
    public init?(line: String) {
        // Split on bytes: splitting a String by Characters cost most of decoding a thousand-port plan.
        let words = line.utf8.split(separator: UInt8(ascii: " ")).map { String(Substring($0)) }
        guard words.count == 9 || words.count == 10, let family = IPFamily(rawValue: words[0]) else { return nil }
        func optional(_ word: String) -> String? { word == "-" ? nil : word }
        func address(_ word: String) -> IPAddress?? { word == "-" ? .some(nil) : IPAddress(word).map { .some($0) } }
        guard let source = address(words[4]), let destination = address(words[5]) else { return nil }
        let port = optional(words[3])
        guard port == nil || Int(port!) != nil else { return nil }
        let target: Target
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
        self.init(
            family, chain: words[1], transport: optional(words[2]), destinationPort: port.flatMap { Int($0) },
            source: source, destination: destination, inInterface: optional(words[6]), outInterface: optional(words[7]),
            target: target)
    }
}
