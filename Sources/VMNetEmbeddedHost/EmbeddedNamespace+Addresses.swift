import VMNetCore
import VMNetRuntime

/// Addresses and routes, changed as the kernel changes them; each refusal is the `NetlinkError` netlink would
/// give.
extension EmbeddedNamespace {
    /// Adds `address` to the link `name`, and the route of its subnet while the link is up (unless `noprefixroute`).
    public mutating func addAddress(
        _ address: IPNetwork, to name: String, scope: RoutingScope = .universe, flags: AddressFlags = [],
        broadcast: IPAddress? = nil
    ) throws(NetlinkError) {
        let operation = "add address \(address) to \(name)"
        let link = try existing(name, operation)
        guard !addresses.contains(where: { $0.linkIndex == link.index && $0.local == address }) else {
            throw Self.refused(operation, .exists, "Object exists")
        }
        let added = InterfaceAddress(linkIndex: link.index, local: address, scope: scope, flags: flags, broadcast: broadcast)
        insert(added)
        if link.isUp { addSubnetRoute(of: added) }
    }

    /// Removes `address` from the link `name`, with the route of its subnet and the routes via gateways in it
    /// (unless another address of the link holds the subnet).
    public mutating func deleteAddress(_ address: IPNetwork, from name: String) throws(NetlinkError) {
        let operation = "delete address \(address) from \(name)"
        let link = try existing(name, operation)
        guard let position = addresses.firstIndex(where: { $0.linkIndex == link.index && $0.local == address }) else {
            throw Self.refused(operation, .addressNotAvailable, "Cannot assign requested address")
        }
        addresses.remove(at: position)
        let subnet = address.masked
        guard !addresses.contains(where: { $0.linkIndex == link.index && $0.local.masked == subnet }) else { return }
        routes.removeAll { route in
            guard route.outputIndex == link.index else { return false }
            if route.origin == .kernel, route.destination == subnet { return true }
            return route.gateway.map { IPNetwork(address: $0, prefixLength: subnet.prefixLength).masked == subnet } ?? false
        }
    }

    /// Adds `route`, through a link that must be up, with a gateway a route of the link reaches.
    public mutating func addRoute(_ route: Route) throws(NetlinkError) {
        let operation = "add route \(route.destination)"
        guard let index = route.outputIndex, let link = links.first(where: { $0.index == index }) else {
            throw Self.refused(operation, .noDevice, "No such device")
        }
        guard link.isUp else { throw Self.refused(operation, .invalidArgument, "Network is down") }
        if let gateway = route.gateway, !reaches(gateway, through: index) {
            throw Self.refused(operation, .invalidArgument, "Network is unreachable")
        }
        guard !routes.contains(where: { Self.same($0, route) }) else { throw Self.refused(operation, .exists, "Object exists") }
        insert(route)
    }

    /// Deletes `route`.
    public mutating func deleteRoute(_ route: Route) throws(NetlinkError) {
        guard let position = routes.firstIndex(where: { Self.same($0, route) }) else {
            throw Self.refused("delete route \(route.destination)", .notFound, "Object not found")
        }
        routes.remove(at: position)
    }

    /// The routes through the link `index`.
    func routes(through index: Int) -> [Route] {
        routes.filter { $0.outputIndex == index }
    }

    /// Adds the route the kernel makes for `address`'s subnet, unless there is one or the address asks for none.
    mutating func addSubnetRoute(of address: InterfaceAddress) {
        guard !address.flags.contains(.noPrefixRoute), address.local.hostBits > 0,
              !address.local.address.isIPv6LinkLocal
        else { return }
        let route = Route(
            destination: address.local.masked, outputIndex: address.linkIndex, origin: .kernel,
            priority: address.family == .ipv6 ? 256 : 0,
            preferredSource: address.family == .ipv4 ? address.local.address : nil)
        if !routes.contains(where: { Self.same($0, route) }) { insert(route) }
    }

    /// Adds `address` where the kernel lists it: IPv4 addresses before IPv6 ones, by link, oldest first.
    private mutating func insert(_ address: InterfaceAddress) {
        let key = { (address: InterfaceAddress) in (address.family == .ipv4 ? 0 : 1, address.linkIndex) }
        let position = addresses.firstIndex { key($0) > key(address) } ?? addresses.endIndex
        addresses.insert(address, at: position)
    }

    /// Adds `route` where the kernel lists it: IPv4 routes before IPv6 ones, by destination, then metric.
    private mutating func insert(_ route: Route) {
        let position = routes.firstIndex { Self.precedes(route, $0) } ?? routes.endIndex
        routes.insert(route, at: position)
    }

    private static func precedes(_ one: Route, _ other: Route) -> Bool {
        if one.family != other.family { return one.family == .ipv4 }
        let (left, right) = (one.destination.masked.address.bytes, other.destination.masked.address.bytes)
        if left != right { return left.lexicographicallyPrecedes(right) }
        if one.destination.prefixLength != other.destination.prefixLength {
            return one.destination.prefixLength < other.destination.prefixLength
        }
        return one.priority < other.priority
    }

    /// Whether a directly attached route through the link `index` covers `gateway`.
    private func reaches(_ gateway: IPAddress, through index: Int) -> Bool {
        routes.contains { route in
            route.outputIndex == index && route.gateway == nil && route.destination.family == gateway.family
                && IPNetwork(address: gateway, prefixLength: route.destination.prefixLength).masked == route.destination.masked
        }
    }

    /// Whether two routes are one route to the kernel: the same destination, metric and output link.
    static func same(_ one: Route, _ other: Route) -> Bool {
        one.destination.masked == other.destination.masked && one.priority == other.priority
            && one.outputIndex == other.outputIndex && one.gateway == other.gateway
    }
}
