import VMNetCore
import VMNetRuntime

/// Links, changed as the kernel changes them; each refusal is the `NetlinkError` netlink would give.
extension EmbeddedNamespace {
    /// Adds a link of `kind` (`veth`, `bridge`, `tun`), down; without `mac` it gets a locally administered one
    /// made from its index.
    public mutating func addLink(_ name: String, kind: String, mac: MACAddress? = nil, mtu: Int = 1500) throws(NetlinkError) {
        let operation = "create \(kind) \(name)"
        guard name.utf8.count <= 15, !name.isEmpty else {
            throw .invalidArgument(operation: operation, reason: "the name must have 1 to 15 bytes")
        }
        guard link(name) == nil else { throw Self.refused(operation, .exists, "Object exists") }
        try checkMTU(mtu, operation)
        let index = (links.map(\.index).max() ?? 0) + 1
        let address = mac ?? MACAddress(octets: [0x02, 0x76, 0x6d, 0x00, UInt8(index >> 8 & 0xff), UInt8(index & 0xff)])
        links.append(Link(
            index: index, name: name, kind: kind, mac: address, mtu: mtu, isUp: false, masterIndex: nil, learning: nil))
        sysctls.merge(Self.linkSysctls(name)) { current, _ in current }
    }

    /// Deletes the link `name` with its addresses, its routes and its sysctls; its ports lose their master.
    public mutating func deleteLink(_ name: String) throws(NetlinkError) {
        let index = try existing(name, "delete link \(name)").index
        links.removeAll { $0.index == index }
        addresses.removeAll { $0.linkIndex == index }
        routes.removeAll { $0.outputIndex == index }
        for port in links.indices where links[port].masterIndex == index {
            links[port].masterIndex = nil
            links[port].learning = nil
        }
        for key in Self.linkSysctls(name).keys { sysctls[key] = nil }
    }

    /// Renames the link `name`, which must be down.
    public mutating func renameLink(_ name: String, to newName: String) throws(NetlinkError) {
        let operation = "rename link \(name) to \(newName)"
        let position = try position(of: name, operation)
        guard !links[position].isUp else { throw Self.refused(operation, .busy, "Device or resource busy") }
        guard link(newName) == nil else { throw Self.refused(operation, .exists, "Object exists") }
        guard newName.utf8.count <= 15 else { throw .invalidArgument(operation: operation, reason: "the name must have 1 to 15 bytes") }
        links[position].name = newName
        for (key, _) in Self.linkSysctls(name) {
            let renamed = key.replacing("/\(name)/", with: "/\(newName)/")
            sysctls[renamed] = sysctls.removeValue(forKey: key)
        }
    }

    /// Sets the MAC address of `name`.
    public mutating func setMAC(_ mac: MACAddress, of name: String) throws(NetlinkError) {
        links[try position(of: name, "set MAC of \(name)")].mac = mac
    }

    /// Sets the MTU of `name`: 68 to 65535.
    public mutating func setMTU(_ mtu: Int, of name: String) throws(NetlinkError) {
        let operation = "set MTU of \(name) to \(mtu)"
        let position = try position(of: name, operation)
        try checkMTU(mtu, operation)
        links[position].mtu = mtu
    }

    /// Makes `name` a port of the bridge `master` (learning on, as the kernel starts a port), or of none.
    public mutating func setMaster(_ master: String?, of name: String) throws(NetlinkError) {
        let operation = "set master of \(name) to \(master ?? "none")"
        let position = try position(of: name, operation)
        guard let master else {
            links[position].masterIndex = nil
            links[position].learning = nil
            return
        }
        let bridge = try existing(master, operation)
        guard bridge.kind == "bridge", bridge.index != links[position].index else {
            throw Self.refused(operation, .invalidArgument, "Invalid input data or parameter")
        }
        if links[position].masterIndex != bridge.index { links[position].learning = true }
        links[position].masterIndex = bridge.index
    }

    /// Sets the learning flag of the bridge port `name`.
    public mutating func setLearning(_ on: Bool, ofPort name: String) throws(NetlinkError) {
        let operation = "set learning of \(name)"
        let position = try position(of: name, operation)
        guard links[position].masterIndex != nil else {
            throw Self.refused(operation, .invalidArgument, "Operation not supported: not a bridge port")
        }
        links[position].learning = on
    }

    /// Sets `name` up, bringing back the routes of its addresses' subnets, or down, dropping every route through
    /// it and, unless its `keep_addr_on_down` sysctl is set, its IPv6 addresses.
    public mutating func setLink(_ name: String, up: Bool) throws(NetlinkError) {
        let position = try position(of: name, "set link \(name) \(up ? "up" : "down")")
        guard links[position].isUp != up else { return }
        links[position].isUp = up
        let index = links[position].index
        if up {
            for address in addresses where address.linkIndex == index { addSubnetRoute(of: address) }
        } else {
            routes.removeAll { $0.outputIndex == index }
            if sysctls["net/ipv6/conf/\(name)/keep_addr_on_down"] ?? "0" == "0" {
                addresses.removeAll { $0.linkIndex == index && $0.family == .ipv6 }
            }
        }
    }

    func existing(_ name: String, _ operation: String) throws(NetlinkError) -> Link {
        links[try position(of: name, operation)]
    }

    func position(of name: String, _ operation: String) throws(NetlinkError) -> Int {
        guard let position = links.firstIndex(where: { $0.name == name }) else {
            throw Self.refused(operation, .noDevice, "No such device")
        }
        return position
    }

    private func checkMTU(_ mtu: Int, _ operation: String) throws(NetlinkError) {
        guard (68...65535).contains(mtu) else { throw Self.refused(operation, .invalidArgument, "Invalid input data or parameter") }
    }

    static func refused(_ operation: String, _ code: NetlinkError.Code, _ reason: String) -> NetlinkError {
        .refused(operation: operation, code: code, reason: reason)
    }
}
