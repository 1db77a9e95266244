import VMNetCore

/// A network link (interface) as the kernel reports it inside a namespace.
public struct Link: Sendable, Hashable {
    /// The interface index, unique within the namespace.
    public var index: Int
    /// The interface name, e.g. `k6t-eth0`.
    public var name: String
    /// The rtnetlink kind (`IFLA_INFO_KIND`): `bridge`, `veth`, `tun`…; nil for links without one (`lo`, NICs).
    public var kind: String?
    /// The hardware address; nil for links without an Ethernet address.
    public var mac: MACAddress?
    /// The MTU in bytes.
    public var mtu: Int
    /// Whether the link is administratively up (`IFF_UP`).
    public var isUp: Bool
    /// The index of the bridge (or other master) this link is enslaved to.
    public var masterIndex: Int?
    /// For a bridge port, whether the bridge learns source MACs on it (`IFLA_BRPORT_LEARNING`); nil otherwise.
    public var learning: Bool?
    /// The link's group (`IFLA_GROUP`); 0 is the default group every link starts in.
    public var group: UInt32

    /// Creates a link description.
    public init(
        index: Int, name: String, kind: String?, mac: MACAddress?, mtu: Int, isUp: Bool,
        masterIndex: Int?, learning: Bool?, group: UInt32 = 0
    ) {
        self.index = index
        self.name = name
        self.kind = kind
        self.mac = mac
        self.mtu = mtu
        self.isUp = isUp
        self.masterIndex = masterIndex
        self.learning = learning
        self.group = group
    }
}
