/// Everything a DHCPv6 server needs: where it listens, who it is and the one address it hands out.
///
/// KubeVirt runs it for masquerade when the pod has IPv6: `fd10:0:2::2` to any client on the bridge.
public struct DHCPv6ServerConfiguration: Sendable, Hashable, Codable {
    /// The MAC of KubeVirt's masquerade bridge, the default server DUID's link-layer address.
    public static let masqueradeBridgeHardwareAddress = HardwareAddress(octets: [0x02, 0, 0, 0, 0, 0])!

    /// The interface served, e.g. the bridge `k6t-eth0`.
    public var interfaceName: String
    /// The link-layer address in the server's DUID-LL (option 2): the bridge's MAC.
    public var serverHardwareAddress: HardwareAddress
    /// The address in every IA_NA the server hands out.
    public var address: IPv6Address
    /// DNS servers (option 23); empty sends none.
    public var dnsServers: [IPv6Address]
    /// The preferred and valid lifetime of the address.
    public var leaseSeconds: UInt32

    /// Creates a configuration.
    public init(
        interfaceName: String, serverHardwareAddress: HardwareAddress = Self.masqueradeBridgeHardwareAddress,
        address: IPv6Address, dnsServers: [IPv6Address] = [], leaseSeconds: UInt32 = DHCPv4Lease.infiniteSeconds
    ) {
        self.interfaceName = interfaceName
        self.serverHardwareAddress = serverHardwareAddress
        self.address = address
        self.dnsServers = dnsServers
        self.leaseSeconds = leaseSeconds
    }

    /// Decodes a configuration; only the interface name and address are required.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            interfaceName: try container.decode(String.self, forKey: .interfaceName),
            serverHardwareAddress: try container.decodeIfPresent(HardwareAddress.self, forKey: .serverHardwareAddress)
                ?? Self.masqueradeBridgeHardwareAddress,
            address: try container.decode(IPv6Address.self, forKey: .address),
            dnsServers: try container.decodeIfPresent([IPv6Address].self, forKey: .dnsServers) ?? [],
            leaseSeconds: try container.decodeIfPresent(UInt32.self, forKey: .leaseSeconds) ?? DHCPv4Lease.infiniteSeconds
        )
    }
}
