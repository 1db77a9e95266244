import CNetlink
import Glibc
import VMNetCore

extension RouteSocket {
    /// The unicast routes of the main table (`RT_TABLE_MAIN`), IPv4 and IPv6, in the kernel's order; a multipath
    /// route shows its first hop.
    public func routes() throws(NetlinkError) -> [Route] {
        var cache: OpaquePointer?
        try check("list routes", rtnl_route_alloc_cache(socket, AF_UNSPEC, 0, &cache))
        defer { nl_cache_free(cache) }
        var routes: [Route] = []
        var object = nl_cache_get_first(cache)
        while let entry = object {
            object = nl_cache_get_next(entry)
            guard rtnl_route_get_table(entry) == UInt32(RT_TABLE_MAIN.rawValue),
                rtnl_route_get_type(entry) == UInt8(RTN_UNICAST),
                let family = IPFamily(socketFamily: Int32(rtnl_route_get_family(entry))),
                let destination = NetlinkAddress.prefix(rtnl_route_get_dst(entry), family: family)
            else { continue }
            let hop = rtnl_route_get_nnexthops(entry) > 0 ? rtnl_route_nexthop_n(entry, 0) : nil
            let outputIndex = hop.map { Int(rtnl_route_nh_get_ifindex($0)) } ?? 0
            routes.append(Route(
                destination: destination,
                gateway: hop.flatMap { NetlinkAddress.address(rtnl_route_nh_get_gateway($0)) },
                outputIndex: outputIndex == 0 ? nil : outputIndex,
                scope: RoutingScope(rawValue: rtnl_route_get_scope(entry)),
                origin: Route.Origin(rawValue: rtnl_route_get_protocol(entry)),
                priority: rtnl_route_get_priority(entry),
                preferredSource: NetlinkAddress.address(rtnl_route_get_pref_src(entry))
            ))
        }
        return routes
    }

    /// Adds a route to the main table; fails with `.exists` when the same destination is already routed.
    public func addRoute(_ route: Route) throws(NetlinkError) {
        let operation = "add route \(route.destination)"
        try withRoute(route, operation) { entry throws(NetlinkError) in
            try check(operation, rtnl_route_add(socket, entry, NLM_F_EXCL))
        }
    }

    /// Deletes a route of the main table matching destination, gateway, output link, scope and origin, and the
    /// priority unless it is 0.
    public func deleteRoute(_ route: Route) throws(NetlinkError) {
        let operation = "delete route \(route.destination)"
        try withRoute(route, operation) { entry throws(NetlinkError) in
            try check(operation, rtnl_route_delete(socket, entry, 0))
        }
    }

    private func withRoute(
        _ route: Route, _ operation: String, _ body: (OpaquePointer) throws(NetlinkError) -> Void
    ) throws(NetlinkError) {
        if let gateway = route.gateway, gateway.family != route.family {
            throw .invalidArgument(operation: operation, reason: "the gateway \(gateway) is not \(route.family)")
        }
        let entry = rtnl_route_alloc()!
        let destination = NetlinkAddress.make(route.destination.address, prefix: route.destination.prefixLength)
        defer {
            nl_addr_put(destination)
            rtnl_route_put(entry)
        }
        try check(operation, rtnl_route_set_family(entry, UInt8(route.family.socketFamily)))
        rtnl_route_set_table(entry, UInt32(RT_TABLE_MAIN.rawValue))
        try check(operation, rtnl_route_set_dst(entry, destination))
        rtnl_route_set_scope(entry, route.scope.rawValue)
        rtnl_route_set_protocol(entry, route.origin.rawValue)
        if route.priority != 0 { rtnl_route_set_priority(entry, route.priority) }
        if let source = route.preferredSource {
            let address = NetlinkAddress.make(source, prefix: source.family.maximumPrefixLength)
            defer { nl_addr_put(address) }
            try check(operation, rtnl_route_set_pref_src(entry, address))
        }
        if route.gateway != nil || route.outputIndex != nil {
            let hop = rtnl_route_nh_alloc()!
            if let index = route.outputIndex { rtnl_route_nh_set_ifindex(hop, Int32(index)) }
            if let gateway = route.gateway {
                let address = NetlinkAddress.make(gateway, prefix: gateway.family.maximumPrefixLength)
                rtnl_route_nh_set_gateway(hop, address)
                nl_addr_put(address)
            }
            rtnl_route_add_nexthop(entry, hop)
        }
        try body(entry)
    }
}
