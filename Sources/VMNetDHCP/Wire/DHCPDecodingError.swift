/// Why bytes received on a DHCP port are not a DHCP message.
///
/// The servers count such packets and drop them; nothing a client sends can stop them.
public enum DHCPDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Shorter than the fixed part of the message.
    case truncated(length: Int, minimum: Int)
    /// A DHCPv4 `hlen` above the 16 octets `chaddr` holds.
    case hardwareAddressTooLong(Int)
    /// The DHCPv4 magic cookie (99.130.83.99) is missing: a plain BOOTP packet or noise.
    case badMagicCookie(UInt32)
    /// An option code at the very end of the packet, without its length.
    case optionWithoutLength(code: UInt16)
    /// An option whose length runs past the end of the packet (or of the option holding it).
    case optionOverrunsPacket(code: UInt16, length: Int, remaining: Int)
    /// Bytes after the last DHCPv6 option too few to start another.
    case trailingBytes(Int)
    /// A DHCPv6 RELAY-FORW or RELAY-REPL: the server serves only clients on its own link.
    case relayMessage(type: UInt8)

    /// What went wrong and what to do about it.
    public var description: String {
        switch self {
        case .truncated(let length, let minimum):
            "packet of \(length) bytes is shorter than the \(minimum) bytes of a DHCP header"
        case .hardwareAddressTooLong(let length):
            "hardware address length \(length) exceeds the 16 octets of chaddr"
        case .badMagicCookie(let cookie):
            "magic cookie 0x\(String(cookie, radix: 16)) is not DHCP's 0x63825363"
        case .optionWithoutLength(let code):
            "option \(code) ends the packet without a length"
        case .optionOverrunsPacket(let code, let length, let remaining):
            "option \(code) claims \(length) bytes but only \(remaining) remain"
        case .trailingBytes(let count):
            "\(count) stray bytes follow the last option"
        case .relayMessage(let type):
            "relay message type \(type) is not served: the server answers only clients on its own link"
        }
    }
}
