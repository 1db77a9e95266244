/// What the nftables backend made in one apply, per family: the journal records it before the apply, so undo
/// deletes exactly these objects and the rules it added to chains that were there before, and nothing else.
public struct NFTablesObjects: Codable, Sendable, Equatable {
    /// The objects of one family's table.
    public struct Made: Codable, Sendable, Equatable {
        /// The table's name (`nat`).
        public var table: String
        /// Whether the apply creates the table (it did not exist).
        public var createdTable: Bool
        /// The chains the apply creates, base chains first; rules go into these and into chains that existed.
        public var createdChains: [String]

        /// Creates a record.
        public init(table: String, createdTable: Bool, createdChains: [String]) {
            self.table = table
            self.createdTable = createdTable
            self.createdChains = createdChains
        }
    }

    /// The `ip` table's objects; nil when the apply has no IPv4 rules.
    public var ipv4: Made?
    /// The `ip6` table's objects; nil when the apply has no IPv6 rules.
    public var ipv6: Made?

    /// Creates a record.
    public init(ipv4: Made? = nil, ipv6: Made? = nil) {
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }
}
