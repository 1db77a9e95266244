/// A chain of the nat table as read back from the kernel.
public struct NATChain: Sendable, Hashable {
    /// One entry of a chain.
    public enum Entry: Sendable, Hashable {
        /// A rule `IPTablesRule` can express.
        case rule(IPTablesRule)
        /// A rule made by someone else with matches or a target outside that subset; `target` is its target.
        case unrecognized(target: String)
    }

    /// The chain name.
    public var name: String
    /// Whether it is one of the table's built-in chains (`PREROUTING`, `INPUT`, `OUTPUT`, `POSTROUTING`).
    public var isBuiltin: Bool
    /// The entries in order.
    public var entries: [Entry]

    /// The recognized rules in order.
    public var rules: [IPTablesRule] {
        entries.compactMap { if case .rule(let rule) = $0 { rule } else { nil } }
    }
}

/// What `NATTable.remove` did.
public struct NATRemoval: Sendable, Hashable {
    /// The rules deleted.
    public var removedRules: [IPTablesRule]
    /// The rules asked for that the table did not have.
    public var missingRules: [IPTablesRule]
    /// The chains deleted because they ended up empty and unreferenced.
    public var deletedChains: [String]
    /// The chains kept because they still hold rules or are still jumped to.
    public var keptChains: [String]
}
