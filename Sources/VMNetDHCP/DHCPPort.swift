/// The DHCP ports of RFC 2131 and RFC 8415.
public enum DHCPPort {
    /// The port a DHCPv4 server listens on.
    public static let serverV4: UInt16 = 67
    /// The port a DHCPv4 client listens on.
    public static let clientV4: UInt16 = 68
    /// The port a DHCPv6 server listens on.
    public static let serverV6: UInt16 = 547
}
