import VMNetCore
import VMNetRuntime

/// The nat tables of an embedded namespace, as data: per family, each chain's rules in order. The built-in
/// chains always exist; a user chain exists from its creation until it is deleted.
public struct EmbeddedNATTables: Sendable, Equatable {
    /// The chains every nat table has.
    public static let builtinChains = ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"]

    private var tables: [IPFamily: [String: [NATRule]]]

    /// Empty tables: the built-in chains without rules.
    public init() {
        let empty = Dictionary(uniqueKeysWithValues: Self.builtinChains.map { ($0, [NATRule]()) })
        tables = [.ipv4: empty, .ipv6: empty]
    }

    /// The names of the chains of `family`'s table, sorted.
    public func chains(_ family: IPFamily) -> [String] {
        tables[family, default: [:]].keys.sorted()
    }

    /// The rules of `chain` in `family`'s table, in order; nil when the chain does not exist.
    public func rules(_ family: IPFamily, chain: String) -> [NATRule]? {
        tables[family]?[chain]
    }

    /// Creates `chains` that `family`'s table lacks and appends `rules`, in one commit: a rule whose chain, or
    /// whose jump target, does not exist refuses the whole commit, as libiptc does.
    public mutating func install(_ family: IPFamily, chains: [String], rules: [NATRule]) throws(IPTablesError) {
        var table = tables[family, default: [:]]
        for chain in chains where table[chain] == nil { table[chain] = [] }
        for rule in rules {
            guard table[rule.chain] != nil else { throw Self.noChain(rule.chain, "append to") }
            if case .jump(let target) = rule.target, table[target] == nil { throw Self.noChain(target, "jump to") }
            table[rule.chain]!.append(rule)
        }
        tables[family] = table
    }

    /// Removes the first copy of each of `rules` still there, then each of `chains` that is empty and no rule
    /// jumps to, in one commit.
    public mutating func remove(_ family: IPFamily, rules: [NATRule], chains: [String]) {
        var table = tables[family, default: [:]]
        for rule in rules {
            if let position = table[rule.chain]?.firstIndex(of: rule) { table[rule.chain]!.remove(at: position) }
        }
        for chain in chains where !Self.builtinChains.contains(chain) && table[chain]?.isEmpty == true {
            let referenced = table.values.contains { $0.contains { $0.target == .jump(chain) } }
            if !referenced { table[chain] = nil }
        }
        tables[family] = table
    }

    private static func noChain(_ chain: String, _ operation: String) -> IPTablesError {
        .refused(operation: "\(operation) chain \(chain)", reason: "No chain/target/match by that name")
    }
}
