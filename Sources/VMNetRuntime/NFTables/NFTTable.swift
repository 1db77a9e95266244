import CNFTables
import VMNetCore

/// An nf_tables table, named within its family (`ip nat`).
struct NFTTable: Hashable, Sendable {
    var family: IPFamily
    var name: String

    /// Adds the message creating the table; the batch fails if it exists (`NLM_F_EXCL`).
    func create(in batch: NFTBatch) {
        batch.add(UInt32(NFT_MSG_NEWTABLE.rawValue), family: family.nftablesFamily, flags: NLM_F_CREATE | NLM_F_EXCL,
                  operation: "add table \(self)") { header in write(header) }
    }

    /// Adds the message deleting the table with everything in it.
    func delete(in batch: NFTBatch) {
        batch.add(UInt32(NFT_MSG_DELTABLE.rawValue), family: family.nftablesFamily, operation: "delete table \(self)") { header in
            write(header)
        }
    }

    private func write(_ header: UnsafeMutablePointer<nlmsghdr>) {
        let table = nftnl_table_alloc()!
        defer { nftnl_table_free(table) }
        nftnl_table_set_str(table, UInt16(NFTNL_TABLE_NAME.rawValue), name)
        nftnl_table_nlmsg_build_payload(header, table)
    }
}

extension NFTTable: CustomStringConvertible {
    /// The table in `nft` syntax, e.g. `ip6 nat`.
    var description: String { "\(family.nftablesName) \(name)" }
}
