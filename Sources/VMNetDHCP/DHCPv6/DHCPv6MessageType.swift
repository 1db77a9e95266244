/// A DHCPv6 message type (RFC 8415 §7.3).
public struct DHCPv6MessageType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The `msg-type` octet.
    public let rawValue: UInt8

    /// Creates a message type.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// A client looking for servers.
    public static let solicit = DHCPv6MessageType(rawValue: 1)
    /// A server's answer to SOLICIT.
    public static let advertise = DHCPv6MessageType(rawValue: 2)
    /// A client asking for addresses.
    public static let request = DHCPv6MessageType(rawValue: 3)
    /// A client checking its addresses still fit the link.
    public static let confirm = DHCPv6MessageType(rawValue: 4)
    /// A client extending its lease with the server that granted it.
    public static let renew = DHCPv6MessageType(rawValue: 5)
    /// A client extending its lease with any server.
    public static let rebind = DHCPv6MessageType(rawValue: 6)
    /// A server's answer to everything but SOLICIT.
    public static let reply = DHCPv6MessageType(rawValue: 7)
    /// A client giving addresses back.
    public static let release = DHCPv6MessageType(rawValue: 8)
    /// A client refusing an address already in use.
    public static let decline = DHCPv6MessageType(rawValue: 9)
    /// A server asking a client to renew.
    public static let reconfigure = DHCPv6MessageType(rawValue: 10)
    /// A client asking only for options.
    public static let informationRequest = DHCPv6MessageType(rawValue: 11)
    /// A relay agent forwarding a client's message.
    public static let relayForward = DHCPv6MessageType(rawValue: 12)
    /// A server's answer through a relay agent.
    public static let relayReply = DHCPv6MessageType(rawValue: 13)

    /// The RFC's name, e.g. `DISCOVER`, or the number of an unknown type.
    public var description: String {
        let names = [
            1: "SOLICIT", 2: "ADVERTISE", 3: "REQUEST", 4: "CONFIRM", 5: "RENEW", 6: "REBIND", 7: "REPLY",
            8: "RELEASE", 9: "DECLINE", 10: "RECONFIGURE", 11: "INFORMATION-REQUEST", 12: "RELAY-FORW",
            13: "RELAY-REPL",
        ]
        return names[Int(rawValue)] ?? "type \(rawValue)"
    }
}
