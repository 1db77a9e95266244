import CNetlink
import Glibc
import VMNetCore

extension RouteSocket {
    /// All IPv4 and IPv6 addresses of the namespace.
    public func addresses() throws(NetlinkError) -> [InterfaceAddress] {
        var cache: OpaquePointer?
        try check("list addresses", rtnl_addr_alloc_cache(socket, &cache))
        defer { nl_cache_free(cache) }
        var addresses: [InterfaceAddress] = []
        var object = nl_cache_get_first(cache)
        while let entry = object {
            if let family = IPFamily(socketFamily: rtnl_addr_get_family(entry)),
                let local = NetlinkAddress.address(rtnl_addr_get_local(entry)),
                local.family == family
            {
                addresses.append(InterfaceAddress(
                    linkIndex: Int(rtnl_addr_get_ifindex(entry)),
                    local: IPNetwork(address: local, prefixLength: Int(rtnl_addr_get_prefixlen(entry))),
                    scope: RoutingScope(rawValue: UInt8(truncatingIfNeeded: rtnl_addr_get_scope(entry))),
                    flags: AddressFlags(rawValue: rtnl_addr_get_flags(entry)).intersection(.administrative),
                    broadcast: NetlinkAddress.address(rtnl_addr_get_broadcast(entry))
                ))
            }
            object = nl_cache_get_next(entry)
        }
        return addresses
    }

    /// Adds `address` (with its prefix length) to a link, with the kernel's default scope unless `scope` is
    /// given, and the flags and IPv4 broadcast address given; fails with `.exists` when the link already has it.
    public func addAddress(
        _ address: IPNetwork, toLink name: String, scope: RoutingScope? = nil, flags: AddressFlags = [],
        broadcast: IPAddress? = nil
    ) throws(NetlinkError) {
        let operation = "add address \(address) to \(name)"
        try withAddress(address, on: name, operation) { entry throws(NetlinkError) in
            if let scope { rtnl_addr_set_scope(entry, Int32(scope.rawValue)) }
            if !flags.isEmpty { rtnl_addr_set_flags(entry, flags.rawValue) }
            if let broadcast {
                let made = NetlinkAddress.make(broadcast, prefix: broadcast.family.maximumPrefixLength)
                defer { nl_addr_put(made) }
                try check(operation, rtnl_addr_set_broadcast(entry, made))
            }
            try check(operation, rtnl_addr_add(socket, entry, NLM_F_EXCL))
        }
    }

    /// Removes `address` from a link; fails with `.addressNotAvailable` when the link does not have it.
    public func deleteAddress(_ address: IPNetwork, fromLink name: String) throws(NetlinkError) {
        let operation = "delete address \(address) from \(name)"
        try withAddress(address, on: name, operation) { entry throws(NetlinkError) in
            try check(operation, rtnl_addr_delete(socket, entry, 0))
        }
    }

    private func withAddress(
        _ address: IPNetwork, on name: String, _ operation: String,
        _ body: (OpaquePointer) throws(NetlinkError) -> Void
    ) throws(NetlinkError) {
        let index = try linkIndex(name, operation)
        let local = NetlinkAddress.make(address.address, prefix: address.prefixLength)
        let entry = rtnl_addr_alloc()!
        defer {
            nl_addr_put(local)
            rtnl_addr_put(entry)
        }
        rtnl_addr_set_ifindex(entry, index)
        rtnl_addr_set_family(entry, address.family.socketFamily)
        try check(operation, rtnl_addr_set_local(entry, local))
        rtnl_addr_set_prefixlen(entry, Int32(address.prefixLength))
        try body(entry)
    }
}
