/// Everything a DHCPv4 server needs: where it listens, who it is, whom it serves and with what.
///
/// For KubeVirt's bridge binding: the pod interface's address, a client filter on the VM's MAC and the bridge's
/// link-local server address `169.254.75.1<i>`; for masquerade: `10.0.2.2`, no filter, server `10.0.2.1`.
public struct DHCPv4ServerConfiguration: Sendable, Hashable, Codable {
    /// The interface served, e.g. the bridge `k6t-eth0`; packets from other interfaces are never seen.
    public var interfaceName: String
    /// The server identifier (option 54), an address of the served interface.
    public var serverAddress: IPv4Address
    /// When set, only this client is answered (bridge binding); when `nil`, any client is (masquerade).
    public var clientHardwareAddress: HardwareAddress?
    /// The lease handed out.
    public var lease: DHCPv4Lease

    /// Creates a configuration.
    public init(
        interfaceName: String, serverAddress: IPv4Address, clientHardwareAddress: HardwareAddress? = nil,
        lease: DHCPv4Lease
    ) {
        self.interfaceName = interfaceName
        self.serverAddress = serverAddress
        self.clientHardwareAddress = clientHardwareAddress
        self.lease = lease
    }
}
