/// What a running DHCP server has seen and done since it was created.
public struct DHCPServerCounters: Sendable, Hashable {
    /// Datagrams received on the served interface.
    public var received = 0
    /// Replies sent.
    public var replied = 0
    /// Datagrams answered with silence: malformed, foreign, or not needing a reply.
    public var dropped = 0
    /// Replies that handed a client its address (ACK, or DHCPv6 REPLY with an IA_NA).
    public var leasesGranted = 0
    /// Replies the kernel refused to send.
    public var sendFailures = 0

    /// Creates zeroed counters.
    public init() {}
}
