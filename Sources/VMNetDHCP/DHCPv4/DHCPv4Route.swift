/// A classless static route handed to the guest in option 121 (RFC 3442).
public struct DHCPv4Route: Sendable, Hashable, Codable {
    /// The destination network.
    public var destination: IPv4Address
    /// The destination's prefix length, 0 for the default route.
    public var prefixLength: Int
    /// The next hop; `0.0.0.0` for a destination on the link.
    public var gateway: IPv4Address

    /// Creates a route.
    public init(destination: IPv4Address, prefixLength: Int, gateway: IPv4Address = .any) {
        self.destination = destination
        self.prefixLength = prefixLength
        self.gateway = gateway
    }

    /// Encodes `routes` as option 121's value: per route the prefix length, the significant destination octets,
    /// and the gateway; default routes go last, as KubeVirt orders them.
    ///
    /// - Throws: `DHCPConfigurationError.invalidPrefixLength` for a length outside 0...32.
    public static func classlessRoutesOption(_ routes: [DHCPv4Route]) throws(DHCPConfigurationError) -> [UInt8] {
        var bytes: [UInt8] = []
        for route in routes.filter({ $0.prefixLength != 0 }) + routes.filter({ $0.prefixLength == 0 }) {
            guard (0...32).contains(route.prefixLength) else { throw .invalidPrefixLength(route.prefixLength) }
            bytes.append(UInt8(route.prefixLength))
            bytes += route.destination.octets.prefix((route.prefixLength + 7) / 8)
            bytes += route.gateway.octets
        }
        return bytes
    }
}
