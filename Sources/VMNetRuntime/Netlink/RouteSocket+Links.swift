import CNetlink
import Glibc
import VMNetCore

extension RouteSocket {
    /// All links of the namespace, ordered by index (an `AF_UNSPEC` link dump, plus an `AF_BRIDGE` dump for
    /// the bridge ports' learning flag).
    public func links() throws(NetlinkError) -> [Link] {
        let learning = try bridgePortLearning()
        var cache: OpaquePointer?
        try check("list links", rtnl_link_alloc_cache(socket, AF_UNSPEC, &cache))
        defer { nl_cache_free(cache) }
        var links: [Link] = []
        var object = nl_cache_get_first(cache)
        while let link = object {
            let index = Int(rtnl_link_get_ifindex(link))
            let master = Int(rtnl_link_get_master(link))
            let hardware = rtnl_link_get_addr(link).map { NetlinkAddress.bytes($0) }.flatMap { bytes in
                bytes.count == 6 ? MACAddress(octets: bytes) : nil
            }
            links.append(Link(
                index: index,
                name: String(cString: rtnl_link_get_name(link)),
                kind: rtnl_link_get_type(link).map { String(cString: $0) },
                mac: hardware,
                mtu: Int(rtnl_link_get_mtu(link)),
                isUp: rtnl_link_get_flags(link) & UInt32(IFF_UP) != 0,
                masterIndex: master == 0 ? nil : master,
                learning: learning[index],
                group: rtnl_link_get_group(link)
            ))
            object = nl_cache_get_next(link)
        }
        return links.sorted { $0.index < $1.index }
    }

    /// The link named `name`, or nil when the namespace has none.
    public func link(named name: String) throws(NetlinkError) -> Link? {
        try links().first { $0.name == name }
    }

    /// Creates a bridge, with its MAC address and MTU when given, in one request; fails with `.exists` when a
    /// link of that name exists (`NLM_F_CREATE | NLM_F_EXCL`).
    public func createBridge(named name: String, mac: MACAddress? = nil, mtu: Int? = nil) throws(NetlinkError) {
        let operation = "create bridge \(name)"
        try validate(name: name, operation)
        let link = rtnl_link_alloc()
        defer { rtnl_link_put(link) }
        rtnl_link_set_name(link, name)
        try check(operation, rtnl_link_set_type(link, "bridge"))
        if let mac {
            let address = NetlinkAddress.make(mac)
            defer { nl_addr_put(address) }
            rtnl_link_set_addr(link, address)
        }
        if let mtu {
            guard let value = UInt32(exactly: mtu) else {
                throw .invalidArgument(operation: operation, reason: "the MTU must be between 0 and \(UInt32.max)")
            }
            rtnl_link_set_mtu(link, value)
        }
        try check(operation, rtnl_link_add(socket, link, NLM_F_CREATE | NLM_F_EXCL))
    }

    /// Creates a MAC-VLAN link `name` on the link `parent`, receiving the frames addressed to `mac`, in the kernel's
    /// default (VEPA) mode; with `characterDevice`, the tap flavour, which the kernel gives a `/dev/tapN` for its
    /// index N. Fails with `.exists` when the name is taken and `.noDevice` when `parent` is missing.
    public func createMACVLAN(named name: String, on parent: String, mac: MACAddress, characterDevice: Bool) throws(NetlinkError) {
        let operation = "create MAC-VLAN \(name) on \(parent)"
        try validate(name: name, operation)
        let lower = try existingLink(parent, operation)
        defer { rtnl_link_put(lower) }
        let link = rtnl_link_alloc()
        defer { rtnl_link_put(link) }
        rtnl_link_set_name(link, name)
        try check(operation, rtnl_link_set_type(link, Self.macvlanKind(characterDevice: characterDevice)))
        rtnl_link_set_link(link, rtnl_link_get_ifindex(lower))
        let address = NetlinkAddress.make(mac)
        defer { nl_addr_put(address) }
        rtnl_link_set_addr(link, address)
        try check(operation, rtnl_link_add(socket, link, NLM_F_CREATE | NLM_F_EXCL))
    }

    /// The kernel's link kind of a MAC-VLAN: `macvlan`, or `macvtap` for the flavour with a character device.
    public static func macvlanKind(characterDevice: Bool) -> String {
        characterDevice ? "macvtap" : "macvlan"
    }

    /// Creates a veth pair `name` / `peer`; fails with `.exists` when either name is taken.
    public func createVethPair(named name: String, peer: String) throws(NetlinkError) {
        let operation = "create veth pair \(name)/\(peer)"
        try validate(name: name, operation)
        try validate(name: peer, operation)
        let link = rtnl_link_veth_alloc()
        defer { rtnl_link_put(link) }
        rtnl_link_set_name(link, name)
        rtnl_link_set_name(rtnl_link_veth_get_peer(link), peer)
        try check(operation, rtnl_link_add(socket, link, NLM_F_CREATE | NLM_F_EXCL))
    }

    /// Deletes the link named `name` (a veth takes its peer with it).
    public func deleteLink(named name: String) throws(NetlinkError) {
        let operation = "delete link \(name)"
        let link = try existingLink(name, operation)
        defer { rtnl_link_put(link) }
        try check(operation, rtnl_link_delete(socket, link))
    }

    /// Moves a link into group `group` (`ip link set NAME group N`).
    public func setGroup(_ group: UInt32, ofLink name: String) throws(NetlinkError) {
        try change(name, "set group of \(name) to \(group)") { rtnl_link_set_group($0, group) }
    }

    /// Deletes every link of group `group` in one request (`ip link del group N`): the kernel unregisters them
    /// together, waiting once for the readers of all of them instead of once per link. Refuses the default
    /// group 0, which holds every link nobody moved.
    public func deleteLinks(inGroup group: UInt32) throws(NetlinkError) {
        let operation = "delete the links of group \(group)"
        guard group != 0 else {
            throw .invalidArgument(operation: operation, reason: "group 0 is every link's default group")
        }
        // libnl deletes links by index or name only; the request by group is built by hand.
        guard let message = nlmsg_alloc_simple(Int32(RTM_DELLINK), 0) else {
            throw .refused(operation: operation, code: Code(rawValue: NLE_NOMEM), reason: "out of memory")
        }
        defer { nlmsg_free(message) }
        var header = ifinfomsg()
        header.ifi_family = UInt8(AF_UNSPEC)
        try check(operation, nlmsg_append(message, &header, MemoryLayout<ifinfomsg>.size, Int32(NLMSG_ALIGNTO)))
        try check(operation, nla_put_u32(message, Int32(IFLA_GROUP), group))
        try check(operation, nl_send_auto(socket, message))
        try check(operation, nl_wait_for_ack(socket))
    }

    /// Renames a link. Older kernels refuse (`.busy`) while the link is up (this machine's 6.18 does not), so set it
    /// down first as KubeVirt does.
    public func renameLink(_ name: String, to newName: String) throws(NetlinkError) {
        let operation = "rename link \(name) to \(newName)"
        try validate(name: newName, operation)
        try change(name, operation) { rtnl_link_set_name($0, newName) }
    }

    /// Sets a link's hardware address.
    public func setMAC(_ mac: MACAddress, ofLink name: String) throws(NetlinkError) {
        let address = NetlinkAddress.make(mac)
        defer { nl_addr_put(address) }
        try change(name, "set MAC of \(name) to \(mac)") { rtnl_link_set_addr($0, address) }
    }

    /// Sets a link's MTU.
    public func setMTU(_ mtu: Int, ofLink name: String) throws(NetlinkError) {
        let operation = "set MTU of \(name) to \(mtu)"
        guard let value = UInt32(exactly: mtu) else {
            throw .invalidArgument(operation: operation, reason: "the MTU must be between 0 and \(UInt32.max)")
        }
        try change(name, operation) { rtnl_link_set_mtu($0, value) }
    }

    /// Enslaves a link to the bridge `master`, or frees it from its master when `master` is nil (`nomaster`).
    public func setMaster(_ master: String?, ofLink name: String) throws(NetlinkError) {
        let operation = master.map { "set master of \(name) to \($0)" } ?? "set \(name) nomaster"
        var masterIndex: Int32 = 0
        if let master {
            let link = try existingLink(master, operation)
            masterIndex = rtnl_link_get_ifindex(link)
            rtnl_link_put(link)
        }
        try change(name, operation) { rtnl_link_set_master($0, masterIndex) }
    }

    /// Sets a link administratively up or down.
    public func setLink(_ name: String, up: Bool) throws(NetlinkError) {
        try change(name, "set \(name) \(up ? "up" : "down")") { changes in
            if up {
                rtnl_link_set_flags(changes, UInt32(IFF_UP))
            } else {
                rtnl_link_unset_flags(changes, UInt32(IFF_UP))
            }
        }
    }

    /// Turns MAC learning on or off for a bridge port (`IFLA_BRPORT_LEARNING`, an `AF_BRIDGE` `RTM_SETLINK`).
    public func setLearning(_ on: Bool, ofPort name: String) throws(NetlinkError) {
        let operation = "set learning \(on ? "on" : "off") on bridge port \(name)"
        let index = try linkIndex(name, operation)
        let original = rtnl_link_alloc()
        let changes = rtnl_link_alloc()
        defer {
            rtnl_link_put(original)
            rtnl_link_put(changes)
        }
        rtnl_link_set_ifindex(original, index)
        // The AF_BRIDGE family (not the "bridge" kind) attaches libnl's bridge-port data to both objects, and
        // makes rtnl_link_change send RTM_SETLINK with IFLA_PROTINFO.
        rtnl_link_set_family(original, AF_BRIDGE)
        rtnl_link_set_family(changes, AF_BRIDGE)
        if on {
            try check(operation, rtnl_link_bridge_set_flags(changes, UInt32(RTNL_BRIDGE_LEARNING.rawValue)))
        } else {
            try check(operation, rtnl_link_bridge_unset_flags(changes, UInt32(RTNL_BRIDGE_LEARNING.rawValue)))
        }
        try check(operation, rtnl_link_change(socket, original, changes, 0))
    }

    /// The index of the link named `name`.
    public func linkIndex(named name: String) throws(NetlinkError) -> Int {
        Int(try linkIndex(name, "look up link \(name)"))
    }

    func linkIndex(_ name: String, _ operation: String) throws(NetlinkError) -> Int32 {
        let link = try existingLink(name, operation)
        defer { rtnl_link_put(link) }
        return rtnl_link_get_ifindex(link)
    }

    /// Fetches one link from the kernel (`rtnl_link_get_kernel`); the caller releases it with `rtnl_link_put`.
    private func existingLink(_ name: String, _ operation: String) throws(NetlinkError) -> OpaquePointer {
        try validate(name: name, operation)
        var link: OpaquePointer?
        try check(operation, rtnl_link_get_kernel(socket, 0, name, &link))
        return link!
    }

    /// Sends one `rtnl_link_change` for the link named `name`. The original carries only the index, so libnl
    /// never copies the link's kind or other attributes into the request.
    private func change(
        _ name: String, _ operation: String, _ configure: (OpaquePointer) -> Void
    ) throws(NetlinkError) {
        let index = try linkIndex(name, operation)
        let original = rtnl_link_alloc()
        let changes = rtnl_link_alloc()
        defer {
            rtnl_link_put(original)
            rtnl_link_put(changes)
        }
        rtnl_link_set_ifindex(original, index)
        configure(changes!)
        try check(operation, rtnl_link_change(socket, original, changes, 0))
    }

    /// The learning flag of every bridge port, by index (`IFLA_PROTINFO` appears only in `AF_BRIDGE` dumps).
    private func bridgePortLearning() throws(NetlinkError) -> [Int: Bool] {
        var cache: OpaquePointer?
        try check("list bridge ports", rtnl_link_alloc_cache(socket, AF_BRIDGE, &cache))
        defer { nl_cache_free(cache) }
        var learning: [Int: Bool] = [:]
        var object = nl_cache_get_first(cache)
        while let port = object {
            let index = rtnl_link_get_ifindex(port)
            let master = rtnl_link_get_master(port)
            if master != 0, master != index {
                let flags = UInt32(bitPattern: rtnl_link_bridge_get_flags(port))
                learning[Int(index)] = flags & UInt32(RTNL_BRIDGE_LEARNING.rawValue) != 0
            }
            object = nl_cache_get_next(port)
        }
        return learning
    }
}
