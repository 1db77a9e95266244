import CNFTables
import VMNetCore

extension IPFamily {
    /// The nf_tables family of the family's tables (`ip`, `ip6`): `NFPROTO_IPV4`, `NFPROTO_IPV6`.
    var nftablesFamily: UInt16 { UInt16(self == .ipv4 ? NFPROTO_IPV4 : NFPROTO_IPV6) }

    /// The family's name in `nft` syntax.
    var nftablesName: String { self == .ipv4 ? "ip" : "ip6" }
}
