import CNFTables

/// One expression of an nf_tables rule, as the kernel runs it; every value goes through register 1.
///
/// These are the expressions `nft` makes of KubeVirt's masquerade rules: `iifname "eth0"` is a `meta` load and an
/// `equals`, `tcp dport 80` a `meta l4proto` check and a transport-header `payload` check, `dnat to A` an
/// immediate `load` of A and a `nat`.
enum NFTExpression: Hashable, Sendable {
    /// Loads packet metadata (`NFT_META_IIFNAME`, `NFT_META_L4PROTO`…).
    case meta(key: UInt32)
    /// Loads `length` bytes at `offset` of a header (`NFT_PAYLOAD_NETWORK_HEADER`, `…TRANSPORT_HEADER`).
    case payload(base: UInt32, offset: UInt32, length: UInt32)
    /// Stops the rule unless the register holds exactly these bytes.
    case equals([UInt8])
    /// Counts packets and bytes.
    case counter
    /// Puts these bytes in the register.
    case load([UInt8])
    /// Continues in the chain named.
    case jump(String)
    /// Returns from the chain.
    case `return`
    /// Source or destination NAT (`NFT_NAT_SNAT`, `NFT_NAT_DNAT`) to the address in the register.
    case nat(type: UInt32, family: UInt16)
    /// Source NAT to the outgoing interface's address.
    case masquerade

    /// The libnftnl expression (`nftnl_expr_alloc`), owned by the caller until added to a rule.
    func make() -> OpaquePointer {
        let register = UInt32(NFT_REG_1.rawValue)
        switch self {
        case .meta(let key):
            let expression = nftnl_expr_alloc("meta")!
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_META_KEY), key)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_META_DREG), register)
            return expression
        case .payload(let base, let offset, let length):
            let expression = nftnl_expr_alloc("payload")!
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_PAYLOAD_DREG), register)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_PAYLOAD_BASE), base)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_PAYLOAD_OFFSET), offset)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_PAYLOAD_LEN), length)
            return expression
        case .equals(let bytes):
            let expression = nftnl_expr_alloc("cmp")!
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_CMP_SREG), register)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_CMP_OP), UInt32(NFT_CMP_EQ.rawValue))
            nftnl_expr_set(expression, UInt16(NFTNL_EXPR_CMP_DATA), bytes, UInt32(bytes.count))
            return expression
        case .counter:
            return nftnl_expr_alloc("counter")!
        case .load(let bytes):
            let expression = nftnl_expr_alloc("immediate")!
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_IMM_DREG), register)
            nftnl_expr_set(expression, UInt16(NFTNL_EXPR_IMM_DATA), bytes, UInt32(bytes.count))
            return expression
        case .jump(let chain):
            let expression = verdict(NFT_JUMP.rawValue)
            nftnl_expr_set_str(expression, UInt16(NFTNL_EXPR_IMM_CHAIN), chain)
            return expression
        case .return:
            return verdict(NFT_RETURN.rawValue)
        case .nat(let type, let family):
            let expression = nftnl_expr_alloc("nat")!
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_NAT_TYPE), type)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_NAT_FAMILY), UInt32(family))
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_NAT_REG_ADDR_MIN), register)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_NAT_REG_ADDR_MAX), register)
            nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_NAT_FLAGS), UInt32(NF_NAT_RANGE_MAP_IPS))
            return expression
        case .masquerade:
            return nftnl_expr_alloc("masq")!
        }
    }

    private func verdict(_ code: Int32) -> OpaquePointer {
        let expression = nftnl_expr_alloc("immediate")!
        nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_IMM_DREG), UInt32(NFT_REG_VERDICT.rawValue))
        nftnl_expr_set_u32(expression, UInt16(NFTNL_EXPR_IMM_VERDICT), UInt32(bitPattern: code))
        return expression
    }
}
