import VMNetCore

/// A route of the main routing table.
public struct Route: Codable, Sendable, Hashable {
    /// Who installed a route (`rtm_protocol`).
    public struct Origin: RawRepresentable, Codable, Sendable, Hashable {
        /// The kernel value.
        public let rawValue: UInt8

        /// Creates an origin from its kernel value.
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// `RTPROT_KERNEL`: made by the kernel for an address's subnet.
        public static let kernel = Origin(rawValue: 2)
        /// `RTPROT_BOOT`: the default of `ip route add`.
        public static let boot = Origin(rawValue: 3)
        /// `RTPROT_STATIC`: made by an administrator.
        public static let `static` = Origin(rawValue: 4)
        /// `RTPROT_DHCP`: set by a DHCP client.
        public static let dhcp = Origin(rawValue: 16)
    }

    /// The destination network; `0.0.0.0/0` or `::/0` for a default route.
    public var destination: IPNetwork
    /// The next hop, nil for a directly attached destination.
    public var gateway: IPAddress?
    /// The index of the outgoing link.
    public var outputIndex: Int?
    /// The route scope.
    public var scope: RoutingScope
    /// Who installed the route.
    public var origin: Origin
    /// The metric (`ip route … metric N`); 0 when adding lets the kernel choose (1024 for IPv6).
    public var priority: UInt32
    /// The source address preferred for traffic on this route (`ip route … src ADDRESS`).
    public var preferredSource: IPAddress?

    /// The address family.
    public var family: IPFamily { destination.family }

    /// Whether this is a default route.
    public var isDefault: Bool { destination.prefixLength == 0 }

    /// Creates a route; the scope defaults to what the kernel reports back: `global` with a gateway or for IPv6
    /// (IPv6 routes have no scope), `link` for a directly attached IPv4 destination.
    public init(
        destination: IPNetwork, gateway: IPAddress? = nil, outputIndex: Int? = nil,
        scope: RoutingScope? = nil, origin: Origin = .boot, priority: UInt32 = 0, preferredSource: IPAddress? = nil
    ) {
        self.destination = destination
        self.gateway = gateway
        self.outputIndex = outputIndex
        self.scope = scope ?? (gateway == nil && destination.family == .ipv4 ? .link : .universe)
        self.origin = origin
        self.priority = priority
        self.preferredSource = preferredSource
    }
}
