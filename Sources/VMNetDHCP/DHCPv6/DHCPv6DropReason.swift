/// Why a DHCPv6 server sent no reply to a packet.
public enum DHCPv6DropReason: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes are not a DHCPv6 client message.
    case malformed(DHCPDecodingError)
    /// The message carries no client identifier (option 1), which every reply must echo.
    case missingClientID
    /// An IA_NA shorter than its 12-byte header.
    case malformedIdentityAssociation(length: Int)
    /// A message a server does not answer: DECLINE, or a server's own message type.
    case unanswered(DHCPv6MessageType)
    /// The packet arrived on another interface than the one served.
    case wrongInterface(index: Int32)

    /// Why the packet was dropped, for logs.
    public var description: String {
        switch self {
        case .malformed(let error): "malformed packet: \(error)"
        case .missingClientID: "no client identifier (option 1)"
        case .malformedIdentityAssociation(let length): "IA_NA of \(length) bytes is shorter than its 12-byte header"
        case .unanswered(let type): "\(type) needs no reply"
        case .wrongInterface(let index): "arrived on interface index \(index), not the served one"
        }
    }
}
