import CNetlink
import Glibc
import VMNetCore

/// Conversions between the value types and libnl's `struct nl_addr`.
enum NetlinkAddress {
    /// Builds an `nl_addr` for `address` with `prefix`; the caller releases it with `nl_addr_put`.
    static func make(_ address: IPAddress, prefix: Int) -> OpaquePointer {
        var bytes = address.bytes
        let made = nl_addr_build(address.family.socketFamily, &bytes, bytes.count)!
        nl_addr_set_prefixlen(made, Int32(prefix))
        return made
    }

    /// Builds an `nl_addr` holding a hardware address; the caller releases it with `nl_addr_put`.
    static func make(_ mac: MACAddress) -> OpaquePointer {
        var bytes = mac.octets
        return nl_addr_build(AF_LLC, &bytes, bytes.count)!
    }

    /// The raw bytes of an `nl_addr`.
    static func bytes(_ address: OpaquePointer) -> [UInt8] {
        let count = Int(nl_addr_get_len(address))
        guard count > 0, let start = nl_addr_get_binary_addr(address) else { return [] }
        return Array(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// The IP prefix an `nl_addr` holds; an empty address of a known family (a default route's destination)
    /// is the all-zero prefix of that family.
    static func prefix(_ address: OpaquePointer?, family: IPFamily) -> IPNetwork? {
        guard let address else { return .all(family) }
        let bytes = bytes(address)
        guard !bytes.isEmpty else { return .all(family) }
        guard bytes.count == family.addressLength else { return nil }
        return IPNetwork(address: IPAddress(bytes: bytes), prefixLength: Int(nl_addr_get_prefixlen(address)))
    }

    /// The IP address an `nl_addr` holds, nil when it is empty or not 4/16 bytes.
    static func address(_ address: OpaquePointer?) -> IPAddress? {
        guard let address else { return nil }
        let bytes = bytes(address)
        return bytes.count == 4 || bytes.count == 16 ? IPAddress(bytes: bytes) : nil
    }
}
