/// A DHCPv6 option code (RFC 8415 §21, RFC 3646).
public struct DHCPv6OptionCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The 16-bit code.
    public let rawValue: UInt16

    /// Creates an option code.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// Client identifier, a DUID (1).
    public static let clientID = DHCPv6OptionCode(rawValue: 1)
    /// Server identifier, a DUID (2).
    public static let serverID = DHCPv6OptionCode(rawValue: 2)
    /// Identity association for non-temporary addresses (3).
    public static let identityAssociation = DHCPv6OptionCode(rawValue: 3)
    /// An address inside an IA_NA (5).
    public static let identityAssociationAddress = DHCPv6OptionCode(rawValue: 5)
    /// Rapid commit (14): SOLICIT answered directly with REPLY.
    public static let rapidCommit = DHCPv6OptionCode(rawValue: 14)
    /// DNS recursive name servers (23).
    public static let dnsServers = DHCPv6OptionCode(rawValue: 23)

    /// `option <code>`.
    public var description: String { "option \(rawValue)" }
}
