/// The facts of one interface inside the pod's network namespace, as the CNI left it: what a binding plans from.
public struct PodInterface: Codable, Sendable, Equatable {
    /// The interface's name, e.g. `eth0` or `net1`.
    public var name: String
    /// Its MAC address, lower-case and colon-separated.
    public var macAddress: String
    /// Its MTU.
    public var mtu: Int
    /// Its addresses with prefixes (global ones; link-local addresses are left out).
    public var addresses: [IPNetwork]
    /// The main-table routes whose output interface is this one, in the kernel's order.
    public var routes: [PodRoute]

    /// Creates the facts of an interface.
    public init(name: String, macAddress: String, mtu: Int = 1500, addresses: [IPNetwork] = [], routes: [PodRoute] = []) {
        self.name = name
        self.macAddress = macAddress
        self.mtu = mtu
        self.addresses = addresses
        self.routes = routes
    }

    /// The first IPv4 address, if any.
    public var ipv4Address: IPNetwork? { addresses.first { !$0.address.isIPv6 } }
    /// The first IPv6 address, if any.
    public var ipv6Address: IPNetwork? { addresses.first { $0.address.isIPv6 } }
}

/// A route through a pod interface.
public struct PodRoute: Codable, Sendable, Equatable {
    /// The destination; `nil` is the default route.
    public var destination: IPNetwork?
    /// The next hop; `nil` for an on-link route.
    public var gateway: IPAddress?

    /// Creates a route.
    public init(destination: IPNetwork? = nil, gateway: IPAddress? = nil) {
        self.destination = destination
        self.gateway = gateway
    }

    /// Whether the route is an IPv6 one (a default route counts by its gateway).
    public var isIPv6: Bool { (gateway ?? destination?.address)?.isIPv6 ?? false }
}
