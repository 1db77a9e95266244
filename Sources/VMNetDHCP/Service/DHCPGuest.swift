/// One guest interface to serve: its DHCPv4 server's configuration, its DHCPv6 server's when it gets IPv6, and
/// the names that events and logs give it.
///
/// It is what `vmnet serve` hands the small `vmnet-dhcpd` process, as JSON.
public struct DHCPGuest: Sendable, Hashable, Codable {
    /// The VM's `namespace/name`.
    public var vm: String
    /// The VM interface.
    public var interface: String
    /// The DHCPv4 server's configuration; its interface is the bridge served on.
    public var ipv4: DHCPv4ServerConfiguration
    /// The DHCPv6 server's configuration, for IPv6 masquerade.
    public var ipv6: DHCPv6ServerConfiguration?

    public init(vm: String, interface: String, ipv4: DHCPv4ServerConfiguration, ipv6: DHCPv6ServerConfiguration? = nil) {
        self.vm = vm
        self.interface = interface
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }

    /// The bridge (or other interface) the servers listen on.
    public var bridge: String { ipv4.interfaceName }
}
