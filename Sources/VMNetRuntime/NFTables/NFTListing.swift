import CNFTables
import VMNetCore

/// What the kernel holds, read by dumps: the tables of a family, the chains of a table, the rules of a chain.
extension NFTSocket {
    /// The names of `family`'s tables.
    func tables(_ family: IPFamily) throws(NFTablesError) -> [String] {
        var names: [String] = []
        try dump(UInt32(NFT_MSG_GETTABLE.rawValue), family: family, "list the \(family.nftablesName) tables") { header in
            let table = nftnl_table_alloc()!
            defer { nftnl_table_free(table) }
            if nftnl_table_nlmsg_parse(header, table) >= 0 {
                names.append(String(cString: nftnl_table_get_str(table, UInt16(NFTNL_TABLE_NAME.rawValue))))
            }
        }
        return names
    }

    /// The names of the chains of `table`, in the kernel's order.
    func chains(of table: NFTTable) throws(NFTablesError) -> [String] {
        var names: [String] = []
        try dump(UInt32(NFT_MSG_GETCHAIN.rawValue), family: table.family, "list the chains of \(table)") { header in
            let chain = nftnl_chain_alloc()!
            defer { nftnl_chain_free(chain) }
            guard nftnl_chain_nlmsg_parse(header, chain) >= 0,
                  String(cString: nftnl_chain_get_str(chain, UInt16(NFTNL_CHAIN_TABLE.rawValue))) == table.name
            else { return }
            names.append(String(cString: nftnl_chain_get_str(chain, UInt16(NFTNL_CHAIN_NAME.rawValue))))
        }
        return names
    }

    /// The rules of `chain` in `table`, in order: each one's handle and signature (`NFTRule.signature`).
    func rules(of chain: String, in table: NFTTable) throws(NFTablesError) -> [(handle: UInt64, signature: String)] {
        var rules: [(handle: UInt64, signature: String)] = []
        try dump(UInt32(NFT_MSG_GETRULE.rawValue), family: table.family, "list the rules of \(table) \(chain)", payload: { header in
            let rule = nftnl_rule_alloc()!
            defer { nftnl_rule_free(rule) }
            nftnl_rule_set_str(rule, UInt16(NFTNL_RULE_TABLE.rawValue), table.name)
            nftnl_rule_set_str(rule, UInt16(NFTNL_RULE_CHAIN.rawValue), chain)
            nftnl_rule_nlmsg_build_payload(header, rule)
        }) { header in
            let rule = nftnl_rule_alloc()!
            defer { nftnl_rule_free(rule) }
            guard nftnl_rule_nlmsg_parse(header, rule) >= 0,
                  String(cString: nftnl_rule_get_str(rule, UInt16(NFTNL_RULE_CHAIN.rawValue))) == chain
            else { return }
            rules.append((nftnl_rule_get_u64(rule, UInt16(NFTNL_RULE_HANDLE.rawValue)), NFTRule.signature(of: rule)))
        }
        return rules
    }

    /// The ruleset's generation (`NFT_MSG_GETGEN`): answered only where nf_tables works and the caller may use it.
    func generation() throws(NFTablesError) -> UInt32 {
        var generation: UInt32 = 0
        try request(Self.generationOperation, build: { buffer, sequence in
            nftnl_nlmsg_build_hdr(buffer, UInt16(NFT_MSG_GETGEN.rawValue), UInt16(AF_UNSPEC), UInt16(NLM_F_ACK), sequence)
        }) { header in
            let gen = nftnl_gen_alloc()!
            defer { nftnl_gen_free(gen) }
            if nftnl_gen_nlmsg_parse(header, gen) >= 0 { generation = nftnl_gen_get_u32(gen, UInt16(NFTNL_GEN_ID)) }
        }
        return generation
    }

    private func dump(
        _ type: UInt32, family: IPFamily, _ operation: String,
        payload: (UnsafeMutablePointer<nlmsghdr>) -> Void = { _ in }, each: (UnsafePointer<nlmsghdr>) -> Void
    ) throws(NFTablesError) {
        try request(operation, build: { buffer, sequence in
            let header = nftnl_nlmsg_build_hdr(buffer, UInt16(type), family.nftablesFamily, UInt16(NLM_F_DUMP), sequence)!
            payload(header)
            return header
        }, each: each)
    }
}
