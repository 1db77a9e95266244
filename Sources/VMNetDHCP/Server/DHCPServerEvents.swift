import VMNetSystem

/// Something a DHCPv4 server did, reported on its receive thread.
public enum DHCPv4ServerEvent: Sendable, Equatable {
    /// A client was sent an ACK for `address`.
    case leaseGranted(client: HardwareAddress?, address: IPv4Address)
    /// A datagram was not answered.
    case packetDropped(DHCPv4DropReason)
    /// A reply could not be sent.
    case sendFailed(SystemError)
}

/// Something a DHCPv6 server did, reported on its receive thread.
public enum DHCPv6ServerEvent: Sendable, Equatable {
    /// The client with DUID `clientID` was sent a REPLY holding `address`.
    case leaseGranted(clientID: [UInt8], address: IPv6Address)
    /// A datagram was not answered.
    case packetDropped(DHCPv6DropReason)
    /// A reply could not be sent.
    case sendFailed(SystemError)
}
