/// A DHCPv6 client/server message (RFC 8415 §8): type, transaction ID and options.
///
/// Relay messages have another layout and are refused when decoding: the server serves its own link only.
public struct DHCPv6Message: Sendable, Hashable {
    /// The message type.
    public var messageType: DHCPv6MessageType
    /// The 24-bit transaction ID, copied into the reply.
    public var transactionID: UInt32
    /// The options, in wire order; codes may repeat (e.g. several IA_NA).
    public var options: [DHCPv6Option]

    /// The size of the fixed header.
    public static let headerSize = 4

    /// Creates a message; only the low 24 bits of `transactionID` are kept.
    public init(messageType: DHCPv6MessageType, transactionID: UInt32, options: [DHCPv6Option] = []) {
        self.messageType = messageType
        self.transactionID = transactionID & 0x00FF_FFFF
        self.options = options
    }

    /// Decodes a message received on the DHCPv6 server port.
    public init(decoding bytes: [UInt8]) throws(DHCPDecodingError) {
        guard bytes.count >= Self.headerSize else { throw .truncated(length: bytes.count, minimum: Self.headerSize) }
        let type = DHCPv6MessageType(rawValue: bytes[0])
        guard type != .relayForward, type != .relayReply else { throw .relayMessage(type: type.rawValue) }
        messageType = type
        transactionID = UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
        options = try DHCPv6Option.decodeAll(Array(bytes[Self.headerSize...]))
    }

    /// The value of the first option with `code`, or `nil` when absent.
    public subscript(code: DHCPv6OptionCode) -> [UInt8]? {
        options.first { $0.code == code }?.value
    }

    /// The wire form.
    public func encoded() -> [UInt8] {
        [messageType.rawValue, UInt8(truncatingIfNeeded: transactionID >> 16),
         UInt8(truncatingIfNeeded: transactionID >> 8), UInt8(truncatingIfNeeded: transactionID)]
            + DHCPv6Option.encodeAll(options)
    }
}
