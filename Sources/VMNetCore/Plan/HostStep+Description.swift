extension HostStep: CustomStringConvertible {
    /// One line for people, e.g. `create bridge k6t-eth0 (mac 02:00:00:00:00:00, mtu 1500)`.
    public var description: String {
        switch self {
        case .createBridge(let name, let mac, let mtu):
            let details = [mac.map { "mac \($0)" }, mtu.map { "mtu \($0)" }].compactMap { $0 }
            return "create bridge \(name)" + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))")
        case .createTap(let name, let mtu, let queues, let owner, let group):
            return "create tap \(name) (mtu \(mtu), \(queues) queue\(queues == 1 ? "" : "s"), owner \(owner):\(group))"
        case .createMACVLAN(let name, let parent, let mac, let characterDevice):
            return "create MAC-VLAN \(characterDevice ? "tap " : "")\(name) on \(parent) (mac \(mac))"
        case .renameLink(let from, let to): return "rename \(from) to \(to)"
        case .setMACAddress(let link, let mac): return "set \(link) mac \(mac)"
        case .setMTU(let link, let mtu): return "set \(link) mtu \(mtu)"
        case .setMaster(let link, let master): return "enslave \(link) to \(master)"
        case .setLearning(let link, let enabled): return "turn \(enabled ? "on" : "off") learning on bridge port \(link)"
        case .setLinkState(let link, let up): return "set \(link) \(up ? "up" : "down")"
        case .addAddress(let link, let address): return "add address \(address) to \(link)"
        case .removeAddress(let link, let address): return "remove address \(address) from \(link)"
        case .setSysctl(let key, let value): return "set sysctl \(String(key.map { $0 == "/" ? "." : $0 })) = \(value)"
        case .addNATRules(let chains, let rules):
            let families = Set(rules.map(\.family)).count
            return "add \(rules.count) nat rule\(rules.count == 1 ? "" : "s") and chains \(chains.joined(separator: ", "))"
                + (families > 1 ? " (IPv4 and IPv6)" : "") + ", one commit per table"
        case .custom(let step): return "\(step.plugin): \(step.name) \(step.arguments.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
        }
    }
}

extension NATRule: CustomStringConvertible {
    /// The rule as `iptables-save` prints it, e.g. `-A PREROUTING -i eth0 -j KUBEVIRT_PREINBOUND`.
    public var description: String {
        let hostPrefix = family == .ipv4 ? 32 : 128
        var parts = ["-A \(chain)"]
        if let source { parts.append("-s \(source)/\(hostPrefix)") }
        if let destination { parts.append("-d \(destination)/\(hostPrefix)") }
        if let inInterface { parts.append("-i \(inInterface)") }
        if let outInterface { parts.append("-o \(outInterface)") }
        if let transport {
            parts.append("-p \(transport) -m \(transport)")
            if let destinationPort { parts.append("--dport \(destinationPort)") }
        }
        switch target {
        case .masquerade: parts.append("-j MASQUERADE")
        case .dnat(let address): parts.append("-j DNAT --to-destination \(address)")
        case .snat(let address): parts.append("-j SNAT --to-source \(address)")
        case .jump(let chain): parts.append("-j \(chain)")
        case .return: parts.append("-j RETURN")
        }
        return parts.joined(separator: " ")
    }
}
