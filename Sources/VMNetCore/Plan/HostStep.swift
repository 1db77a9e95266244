/// One change a plan makes inside the pod's network namespace, from a closed vocabulary the core's executor knows
/// how to perform, journal and undo.
public enum HostStep: Codable, Sendable, Equatable {
    /// Create a Linux bridge, optionally with a MAC address and MTU.
    case createBridge(name: String, macAddress: String?, mtu: Int?)
    /// Create a persistent tap owned by `owner`/`group`, multi-queue when `queues` > 1.
    case createTap(name: String, mtu: Int, queues: Int, owner: UInt32, group: UInt32)
    /// Create a MAC-VLAN link on `parent` that receives the frames addressed to `macAddress` (the kernel's default
    /// VEPA mode); with `characterDevice`, its tap flavour, whose `/dev/tapN` (N its index) a guest NIC opens.
    case createMACVLAN(name: String, parent: String, macAddress: String, characterDevice: Bool)
    /// Rename a link (it must be down).
    case renameLink(from: String, to: String)
    /// Set a link's MAC address.
    case setMACAddress(link: String, macAddress: String)
    /// Set a link's MTU.
    case setMTU(link: String, mtu: Int)
    /// Enslave a link to a bridge.
    case setMaster(link: String, master: String)
    /// Turn MAC learning of a bridge port on or off.
    case setLearning(link: String, enabled: Bool)
    /// Bring a link up or down.
    case setLinkState(link: String, up: Bool)
    /// Add an address to a link.
    case addAddress(link: String, address: IPNetwork)
    /// Remove an address from a link.
    case removeAddress(link: String, address: IPNetwork)
    /// Set a sysctl under `/proc/sys`, e.g. `net/ipv4/ip_forward`.
    case setSysctl(key: String, value: String)
    /// Create the user chains and append the rules to the `nat` table, committed at once.
    case addNATRules(chains: [String], rules: [NATRule])
    /// A step only its plugin knows, handed back to it to apply and revert.
    case custom(CustomStep)
}

/// A plugin-defined step: the core journals it and hands it back to its plugin to apply and revert.
public struct CustomStep: Codable, Sendable, Equatable {
    /// The plugin that owns the step.
    public var plugin: String
    /// What the step is, in the plugin's words.
    public var name: String
    /// The plugin's own arguments.
    public var arguments: [String: String]

    /// Creates a custom step.
    public init(plugin: String, name: String, arguments: [String: String] = [:]) {
        self.plugin = plugin
        self.name = name
        self.arguments = arguments
    }
}
