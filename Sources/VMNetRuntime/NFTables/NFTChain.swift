import CNFTables
import VMNetCore

/// An nf_tables chain: a base chain, hooked into the stack at a priority, or a regular one reached by jumps.
struct NFTChain: Hashable, Sendable {
    /// Where a base chain is attached.
    struct Hook: Hashable, Sendable {
        /// `nat`, `filter` or `route`.
        var type: String
        /// `NF_INET_PRE_ROUTING` … `NF_INET_POST_ROUTING`.
        var number: UInt32
        var priority: Int32
    }

    var table: NFTTable
    var name: String
    /// nil for a regular chain.
    var hook: Hook?

    /// Adds the message creating the chain; the batch fails if it exists (`NLM_F_EXCL`).
    func create(in batch: NFTBatch) {
        batch.add(UInt32(NFT_MSG_NEWCHAIN.rawValue), family: table.family.nftablesFamily, flags: NLM_F_CREATE | NLM_F_EXCL,
                  operation: "add chain \(table) \(name)") { header in
            let chain = nftnl_chain_alloc()!
            defer { nftnl_chain_free(chain) }
            nftnl_chain_set_str(chain, UInt16(NFTNL_CHAIN_TABLE.rawValue), table.name)
            nftnl_chain_set_str(chain, UInt16(NFTNL_CHAIN_NAME.rawValue), name)
            if let hook {
                nftnl_chain_set_str(chain, UInt16(NFTNL_CHAIN_TYPE.rawValue), hook.type)
                nftnl_chain_set_u32(chain, UInt16(NFTNL_CHAIN_HOOKNUM.rawValue), hook.number)
                nftnl_chain_set_s32(chain, UInt16(NFTNL_CHAIN_PRIO.rawValue), hook.priority)
            }
            nftnl_chain_nlmsg_build_payload(header, chain)
        }
    }

    /// Adds the message deleting the chain and its rules (the kernel refuses while a jump still reaches it).
    func delete(in batch: NFTBatch) {
        batch.add(UInt32(NFT_MSG_DELCHAIN.rawValue), family: table.family.nftablesFamily, operation: "delete chain \(table) \(name)") { header in
            let chain = nftnl_chain_alloc()!
            defer { nftnl_chain_free(chain) }
            nftnl_chain_set_str(chain, UInt16(NFTNL_CHAIN_TABLE.rawValue), table.name)
            nftnl_chain_set_str(chain, UInt16(NFTNL_CHAIN_NAME.rawValue), name)
            nftnl_chain_nlmsg_build_payload(header, chain)
        }
    }
}
