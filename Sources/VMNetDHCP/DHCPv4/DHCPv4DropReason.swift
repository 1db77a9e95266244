/// Why a DHCPv4 server sent no reply to a packet.
public enum DHCPv4DropReason: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes are not a DHCP message.
    case malformed(DHCPDecodingError)
    /// `op` is not BOOTREQUEST: another server's reply, or noise.
    case notARequest(operation: UInt8)
    /// Option 53 is absent or not one octet: a plain BOOTP client, which KubeVirt does not serve.
    case missingMessageType
    /// Option 53 holds a value outside DISCOVER...INFORM.
    case unknownMessageType(UInt8)
    /// The server answers one client only, and this is another.
    case foreignClient(HardwareAddress?)
    /// A message a server does not answer: DECLINE, RELEASE, INFORM, or a server's own message type.
    case unanswered(DHCPv4MessageType)
    /// The packet arrived on another interface than the one served.
    case wrongInterface(index: Int32)

    /// Why the packet was dropped, for logs.
    public var description: String {
        switch self {
        case .malformed(let error): "malformed packet: \(error)"
        case .notARequest(let operation): "op \(operation) is not a BOOTREQUEST"
        case .missingMessageType: "no DHCP message type (option 53): BOOTP is not served"
        case .unknownMessageType(let type): "unknown DHCP message type \(type)"
        case .foreignClient(let address): "client \(address?.description ?? "without hardware address") is not the one served"
        case .unanswered(let type): "\(type) needs no reply"
        case .wrongInterface(let index): "arrived on interface index \(index), not the served one"
        }
    }
}
