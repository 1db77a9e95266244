import CIPTC
import Glibc

/// libip4tc and libip6tc behind one table of functions, so the editor is written once for both families.
///
/// This is the only place that calls either library. Entries cross as raw pointers because `ipt_entry` and
/// `ip6t_entry` differ; their bytes are built and read by the C builders in CVMNetSys. The members are `var` so a
/// test can wrap one (e.g. count commits) around the real library.
struct IPTC: Sendable {
    var initialize: @Sendable (String) -> OpaquePointer?
    var free: @Sendable (OpaquePointer) -> Void
    var commit: @Sendable (OpaquePointer) -> Int32
    var isChain: @Sendable (String, OpaquePointer) -> Bool
    var isBuiltin: @Sendable (String, OpaquePointer) -> Bool
    var createChain: @Sendable (String, OpaquePointer) -> Int32
    var deleteChain: @Sendable (String, OpaquePointer) -> Int32
    var references: @Sendable (String, OpaquePointer) -> Int?
    var append: @Sendable (String, UnsafeRawPointer, OpaquePointer) -> Int32
    var delete: @Sendable (String, UnsafeRawPointer, UnsafeMutablePointer<UInt8>, OpaquePointer) -> Int32
    var firstChain: @Sendable (OpaquePointer) -> String?
    var nextChain: @Sendable (OpaquePointer) -> String?
    var firstRule: @Sendable (String, OpaquePointer) -> UnsafeRawPointer?
    var nextRule: @Sendable (UnsafeRawPointer, OpaquePointer) -> UnsafeRawPointer?
    var target: @Sendable (UnsafeRawPointer, OpaquePointer) -> String
    var describe: @Sendable (Int32) -> String

    /// libip4tc (`iptc_*`).
    static let ipv4 = IPTC(
        initialize: { iptc_init($0) },
        free: { iptc_free($0) },
        commit: { iptc_commit($0) },
        isChain: { iptc_is_chain($0, $1) != 0 },
        isBuiltin: { iptc_builtin($0, $1) != 0 },
        createChain: { iptc_create_chain($0, $1) },
        deleteChain: { iptc_delete_chain($0, $1) },
        references: { chain, handle in
            var count: UInt32 = 0
            return iptc_get_references(&count, chain, handle) != 0 ? Int(count) : nil
        },
        append: { iptc_append_entry($0, $1.assumingMemoryBound(to: ipt_entry.self), $2) },
        delete: { iptc_delete_entry($0, $1.assumingMemoryBound(to: ipt_entry.self), $2, $3) },
        firstChain: { iptc_first_chain($0).map { String(cString: $0) } },
        nextChain: { iptc_next_chain($0).map { String(cString: $0) } },
        firstRule: { iptc_first_rule($0, $1).map { UnsafeRawPointer($0) } },
        nextRule: { iptc_next_rule($0.assumingMemoryBound(to: ipt_entry.self), $1).map { UnsafeRawPointer($0) } },
        target: { String(cString: iptc_get_target($0.assumingMemoryBound(to: ipt_entry.self), $1)) },
        describe: { String(cString: iptc_strerror($0)) }
    )

    /// libip6tc (`ip6tc_*`).
    static let ipv6 = IPTC(
        initialize: { ip6tc_init($0) },
        free: { ip6tc_free($0) },
        commit: { ip6tc_commit($0) },
        isChain: { ip6tc_is_chain($0, $1) != 0 },
        isBuiltin: { ip6tc_builtin($0, $1) != 0 },
        createChain: { ip6tc_create_chain($0, $1) },
        deleteChain: { ip6tc_delete_chain($0, $1) },
        references: { chain, handle in
            var count: UInt32 = 0
            return ip6tc_get_references(&count, chain, handle) != 0 ? Int(count) : nil
        },
        append: { ip6tc_append_entry($0, $1.assumingMemoryBound(to: ip6t_entry.self), $2) },
        delete: { ip6tc_delete_entry($0, $1.assumingMemoryBound(to: ip6t_entry.self), $2, $3) },
        firstChain: { ip6tc_first_chain($0).map { String(cString: $0) } },
        nextChain: { ip6tc_next_chain($0).map { String(cString: $0) } },
        firstRule: { ip6tc_first_rule($0, $1).map { UnsafeRawPointer($0) } },
        nextRule: { ip6tc_next_rule($0.assumingMemoryBound(to: ip6t_entry.self), $1).map { UnsafeRawPointer($0) } },
        target: { String(cString: ip6tc_get_target($0.assumingMemoryBound(to: ip6t_entry.self), $1)) },
        describe: { String(cString: ip6tc_strerror($0)) }
    )
}
