import VMNetCore

/// What a host step changes, as it was before the step: the journal records it before the step is made, so the
/// step can be undone exactly even after a crash.
public enum PriorState: Codable, Sendable, Equatable {
    /// The step creates the link `name`, which did not exist: undo deletes it.
    case newLink(name: String)
    /// The step renames a link: undo renames it back.
    case linkName(was: String)
    /// The link's MAC address.
    case macAddress(was: String)
    /// The link's MTU.
    case mtu(was: Int)
    /// The link's master, nil when it had none.
    case master(was: String?)
    /// The bridge port's learning flag, nil when the link was not a bridge port.
    case learning(was: Bool?)
    /// Whether the link was up, and what it carried; setting it down makes the kernel drop some of it.
    case linkState(up: Bool, snapshot: LinkSnapshot)
    /// Whether the link had the address; before a removal, also what the link carried, since removing an
    /// address makes the kernel drop the routes that needed it.
    case address(present: Bool, snapshot: LinkSnapshot?)
    /// The sysctl's value, nil when the key did not exist.
    case sysctl(was: String?)
    /// The nat-table chains the step creates, per family (chains that existed are left alone on undo).
    case natRules(createdChains: NATChainsByFamily)
    /// The step is a plugin's own: undo hands it back to the plugin.
    case custom
}

extension PriorState {
    /// The nat-table chains a NAT step's prior state records it creates; none for any other state.
    public var createdChains: NATChainsByFamily {
        if case .natRules(let created) = self { created } else { NATChainsByFamily() }
    }
}

/// Chain names per address family.
public struct NATChainsByFamily: Codable, Sendable, Equatable {
    /// IPv4 (`iptables`) chains.
    public var ipv4: [String]
    /// IPv6 (`ip6tables`) chains.
    public var ipv6: [String]

    /// Creates a list.
    public init(ipv4: [String] = [], ipv6: [String] = []) {
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }

    /// The chains of `family`.
    public subscript(family: IPFamily) -> [String] {
        get { family == .ipv4 ? ipv4 : ipv6 }
        set { if family == .ipv4 { ipv4 = newValue } else { ipv6 = newValue } }
    }
}
