import FoundationEssentials

// Package-wide, not plugin API. Every `[NATRule]` a `Codable` type of this module holds (the `rules` of
// `HostStep.addNATRules`) goes through these overloads, which the synthesized conformances pick over the generic
// `encode`/`decode` for that type.

extension KeyedEncodingContainer {
    /// Writes `rules` as one string of lines joined by newlines for contract 1.2 and later, or as a list of rules,
    /// each in its version's form, for contracts 1.0 and 1.1 and for an encoder that names no version.
    package mutating func encode(_ rules: [NATRule], forKey key: Key) throws {
        let encoder = superEncoder(forKey: key)
        guard encoder.wantsRuleBlocks else {
            try rules.encode(to: encoder)
            return
        }
        var block = ""
        block.reserveCapacity(rules.count * 56)
        for (index, rule) in rules.enumerated() {
            if index > 0 { block += "\n" }
            block += rule.line
        }
        var container = encoder.singleValueContainer()
        try container.encode(block)
    }
}

extension KeyedDecodingContainer {
    /// Reads NAT rules in any contract's form: one string of lines (1.2), a list of lines (1.1) or of keyed
    /// objects (1.0).
    package func decode(_ type: [NATRule].Type, forKey key: Key) throws -> [NATRule] {
        guard let block = try? decode(String.self, forKey: key) else {
            return try [NATRule](from: superDecoder(forKey: key))
        }
        var rules: [NATRule] = []
        for (index, line) in block.utf8.split(separator: UInt8(ascii: "\n")).enumerated() {
            guard let rule = NATRule(line: String(Substring(line))) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: self, debugDescription: "line \(index + 1) is not a NAT rule line: \(Substring(line))")
            }
            rules.append(rule)
        }
        return rules
    }
}
