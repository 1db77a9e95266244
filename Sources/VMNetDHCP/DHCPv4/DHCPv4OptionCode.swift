/// A DHCPv4 option code (RFC 2132 and later).
public struct DHCPv4OptionCode: RawRepresentable, Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The code octet.
    public let rawValue: UInt8

    /// Creates an option code.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// Padding between options, without a length.
    public static let pad = DHCPv4OptionCode(rawValue: 0)
    /// Subnet mask (1).
    public static let subnetMask = DHCPv4OptionCode(rawValue: 1)
    /// Router (3).
    public static let router = DHCPv4OptionCode(rawValue: 3)
    /// Domain name servers (6).
    public static let domainNameServers = DHCPv4OptionCode(rawValue: 6)
    /// Host name (12).
    public static let hostName = DHCPv4OptionCode(rawValue: 12)
    /// Domain name (15).
    public static let domainName = DHCPv4OptionCode(rawValue: 15)
    /// Interface MTU (26).
    public static let interfaceMTU = DHCPv4OptionCode(rawValue: 26)
    /// Requested IP address (50).
    public static let requestedAddress = DHCPv4OptionCode(rawValue: 50)
    /// NTP servers (42).
    public static let ntpServers = DHCPv4OptionCode(rawValue: 42)
    /// IP address lease time (51).
    public static let leaseTime = DHCPv4OptionCode(rawValue: 51)
    /// DHCP message type (53).
    public static let messageType = DHCPv4OptionCode(rawValue: 53)
    /// Server identifier (54).
    public static let serverIdentifier = DHCPv4OptionCode(rawValue: 54)
    /// Parameter request list (55): the options a client asks for, in its order of preference.
    public static let parameterRequestList = DHCPv4OptionCode(rawValue: 55)
    /// TFTP server name (66).
    public static let tftpServerName = DHCPv4OptionCode(rawValue: 66)
    /// Boot file name (67).
    public static let bootFileName = DHCPv4OptionCode(rawValue: 67)
    /// Domain search list (119, RFC 3397).
    public static let domainSearch = DHCPv4OptionCode(rawValue: 119)
    /// Classless static routes (121, RFC 3442).
    public static let classlessStaticRoutes = DHCPv4OptionCode(rawValue: 121)
    /// The site-specific ("private use") codes a VM spec may serve (RFC 2132 §2 reserves 128–254 for sites;
    /// KubeVirt allows 224–254).
    public static let privateCodes: ClosedRange<UInt8> = 224...254
    /// End of the options, without a length.
    public static let end = DHCPv4OptionCode(rawValue: 255)

    /// Orders codes numerically.
    public static func < (lhs: DHCPv4OptionCode, rhs: DHCPv4OptionCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `option <code>`.
    public var description: String { "option \(rawValue)" }
}
