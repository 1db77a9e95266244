import CNFTables
import VMNetCore

/// An nf_tables rule: its chain and its expressions, in the order the kernel runs them.
struct NFTRule: Hashable, Sendable {
    var table: NFTTable
    var chain: String
    var expressions: [NFTExpression]

    /// Adds the message appending the rule to its chain; `describing` says the rule if the kernel refuses it.
    func append(in batch: NFTBatch, describing: @escaping @Sendable () -> String) {
        batch.add(UInt32(NFT_MSG_NEWRULE.rawValue), family: table.family.nftablesFamily, flags: NLM_F_CREATE | NLM_F_APPEND,
                  operation: "add rule \(table) \(chain) \(describing())") { header in
            let rule = made()
            defer { nftnl_rule_free(rule) }
            nftnl_rule_nlmsg_build_payload(header, rule)
        }
    }

    /// Adds the message deleting the rule `handle` of `chain` in `table`.
    static func delete(handle: UInt64, chain: String, table: NFTTable, in batch: NFTBatch) {
        batch.add(UInt32(NFT_MSG_DELRULE.rawValue), family: table.family.nftablesFamily,
                  operation: "delete rule \(table) \(chain) handle \(handle)") { header in
            let rule = nftnl_rule_alloc()!
            defer { nftnl_rule_free(rule) }
            nftnl_rule_set_str(rule, UInt16(NFTNL_RULE_TABLE.rawValue), table.name)
            nftnl_rule_set_str(rule, UInt16(NFTNL_RULE_CHAIN.rawValue), chain)
            nftnl_rule_set_u64(rule, UInt16(NFTNL_RULE_HANDLE.rawValue), handle)
            nftnl_rule_nlmsg_build_payload(header, rule)
        }
    }

    /// What the rule matches and does, as libnftnl prints its expressions, counters left out: equal for this
    /// rule and for the kernel's copy of it, whatever it has counted.
    var signature: String {
        let rule = made()
        defer { nftnl_rule_free(rule) }
        return Self.signature(of: rule)
    }

    /// The signature of a libnftnl rule (one built here, or one the kernel listed).
    static func signature(of rule: OpaquePointer) -> String {
        var parts: [String] = []
        let iterator = nftnl_expr_iter_create(rule)!
        defer { nftnl_expr_iter_destroy(iterator) }
        var text = [CChar](repeating: 0, count: 512)
        while let expression = nftnl_expr_iter_next(iterator) {
            let name = String(cString: nftnl_expr_get_str(expression, UInt16(NFTNL_EXPR_NAME)))
            guard name != "counter" else { continue }
            _ = nftnl_expr_snprintf(&text, text.count, expression, UInt32(NFTNL_OUTPUT_DEFAULT.rawValue), 0)
            parts.append(name + " " + text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        }
        return parts.joined(separator: "; ")
    }

    private func made() -> OpaquePointer {
        let rule = nftnl_rule_alloc()!
        nftnl_rule_set_u32(rule, UInt16(NFTNL_RULE_FAMILY.rawValue), UInt32(table.family.nftablesFamily))
        nftnl_rule_set_str(rule, UInt16(NFTNL_RULE_TABLE.rawValue), table.name)
        nftnl_rule_set_str(rule, UInt16(NFTNL_RULE_CHAIN.rawValue), chain)
        for expression in expressions {
            nftnl_rule_add_expr(rule, expression.make())
        }
        return rule
    }
}
