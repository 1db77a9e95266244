/// An IPv4 address and UDP port a DHCPv4 packet comes from or goes to.
public struct DHCPv4Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// The address.
    public var address: IPv4Address
    /// The UDP port.
    public var port: UInt16

    /// Creates an endpoint.
    public init(address: IPv4Address, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// `address:port`.
    public var description: String { "\(address):\(port)" }
}
