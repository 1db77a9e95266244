import Glibc
import VMNetCore

extension StepPerformer {
    /// Puts back the addresses and routes of `snapshot` that the link lacks. Routes need the link up: while it is
    /// down they wait for the undo of the step that set it down, which restores its own snapshot.
    func restore(_ snapshot: LinkSnapshot) throws(StepError) {
        guard let link = try link(snapshot.link) else { return }
        let present = try addresses(of: link).map(\.local)
        for address in snapshot.addresses where !present.contains(address.local) {
            try ignoringExisting { () throws(NetlinkError) in
                try socket.addAddress(
                    address.local, toLink: link.name, scope: address.scope, flags: address.flags,
                    broadcast: address.broadcast)
            }
        }
        guard link.isUp else { return }
        if let kernelRoutes = snapshot.kernelRoutes {
            try deleteSubnetRoutes(of: link, except: kernelRoutes)
        }
        let routes = try netlink { () throws(NetlinkError) in try socket.routes() }.filter { $0.outputIndex == link.index }
        // On-link routes first: a route via a gateway needs the route to the gateway.
        let missing = snapshot.routes.filter { $0.gateway == nil } + snapshot.routes.filter { $0.gateway != nil }
        for var route in missing {
            route.outputIndex = link.index
            let exists = routes.contains {
                $0.destination == route.destination && $0.gateway == route.gateway && $0.priority == route.priority
            }
            guard !exists else { continue }
            try ignoringExisting { () throws(NetlinkError) in try socket.addRoute(route) }
        }
        if let linkLocal = snapshot.linkLocalAddresses, !linkLocal.isEmpty {
            try restoreLinkLocal(linkLocal, on: link)
        }
    }

    /// Deletes the subnet routes the kernel made for re-added addresses of `link` that the snapshot did not hold.
    private func deleteSubnetRoutes(of link: Link, except kept: [Route]) throws(StepError) {
        let made = try netlink { () throws(NetlinkError) in try socket.routes() }.filter { route in
            route.outputIndex == link.index && route.origin == .kernel && !route.destination.address.isIPv6LinkLocal
                && !kept.contains { $0.destination == route.destination && $0.priority == route.priority }
        }
        for route in made {
            try ignoringMissing { () throws(NetlinkError) in try socket.deleteRoute(route) }
        }
    }

    /// Gives `link` back exactly the link-local addresses `wanted`: adds those it lacks and deletes the one the
    /// kernel makes from the current MAC when it is not among them.
    ///
    /// The kernel adds its address once the link is operationally up, a moment after it was set up, so that one
    /// is waited for (up to two seconds) when it is sure to come: EUI-64 address generation, IPv6 enabled.
    private func restoreLinkLocal(_ wanted: [InterfaceAddress], on link: Link) throws(StepError) {
        let wantedAddresses = wanted.map(\.local)
        for address in wanted where try !addresses(of: link).contains(where: { $0.local == address.local }) {
            try ignoringExisting { () throws(NetlinkError) in
                try socket.addAddress(address.local, toLink: link.name, scope: address.scope, flags: address.flags)
            }
        }
        if let generated = try kernelLinkLocal(of: link), !wantedAddresses.contains(generated) {
            let deadline = ContinuousClock.now + .seconds(2)
            while try !addresses(of: link).contains(where: { $0.local == generated }), ContinuousClock.now < deadline {
                usleep(5_000)
            }
        }
        for address in try addresses(of: link) where address.local.address.isIPv6LinkLocal && !wantedAddresses.contains(address.local) {
            try ignoringMissing { () throws(NetlinkError) in try socket.deleteAddress(address.local, fromLink: link.name) }
        }
    }

    /// The link-local address the kernel will give `link`: `fe80::` and the EUI-64 of its MAC, when IPv6 is on
    /// and addresses are made that way (`addr_gen_mode` 0); nil otherwise.
    private func kernelLinkLocal(of link: Link) throws(StepError) -> IPNetwork? {
        guard let mac = link.mac?.octets, mac.count == 6 else { return nil }
        let settings = "net/ipv6/conf/\(link.name)"
        do {
            guard try handles.sysctl.read("\(settings)/disable_ipv6") == "0",
                  try handles.sysctl.read("\(settings)/addr_gen_mode") == "0"
            else { return nil }
        } catch {
            return nil
        }
        let identifier = [mac[0] ^ 0x02, mac[1], mac[2], 0xff, 0xfe, mac[3], mac[4], mac[5]]
        return IPNetwork(address: IPAddress(bytes: [0xfe, 0x80, 0, 0, 0, 0, 0, 0] + identifier), prefixLength: 64)
    }

    private func addresses(of link: Link) throws(StepError) -> [InterfaceAddress] {
        try netlink { () throws(NetlinkError) in try socket.addresses() }.filter { $0.linkIndex == link.index }
    }
}
