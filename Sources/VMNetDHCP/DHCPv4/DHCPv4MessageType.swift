/// The DHCPv4 message type carried in option 53 (RFC 2132 §9.6).
public struct DHCPv4MessageType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The option 53 value.
    public let rawValue: UInt8

    /// Creates a message type from its option 53 value.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// A client looking for servers.
    public static let discover = DHCPv4MessageType(rawValue: 1)
    /// A server's answer to DISCOVER.
    public static let offer = DHCPv4MessageType(rawValue: 2)
    /// A client asking for, or renewing, an address.
    public static let request = DHCPv4MessageType(rawValue: 3)
    /// A client refusing an address already in use.
    public static let decline = DHCPv4MessageType(rawValue: 4)
    /// A server granting the requested address.
    public static let ack = DHCPv4MessageType(rawValue: 5)
    /// A server refusing the requested address.
    public static let nak = DHCPv4MessageType(rawValue: 6)
    /// A client giving its address back.
    public static let release = DHCPv4MessageType(rawValue: 7)
    /// A client with an address asking only for options.
    public static let inform = DHCPv4MessageType(rawValue: 8)

    /// The RFC's name, e.g. `DISCOVER`, or the number of an unknown type.
    public var description: String {
        switch rawValue {
        case 1: "DISCOVER"
        case 2: "OFFER"
        case 3: "REQUEST"
        case 4: "DECLINE"
        case 5: "ACK"
        case 6: "NAK"
        case 7: "RELEASE"
        case 8: "INFORM"
        default: "type \(rawValue)"
        }
    }
}
