import Glibc

/// An IPv4 address, written and decoded as a dotted quad.
public struct IPv4Address: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The address as a number, most significant octet first (`10.0.2.2` is `0x0A000202`).
    public let value: UInt32

    /// The unspecified address `0.0.0.0`, the source of a client that has no address yet.
    public static let any = IPv4Address(value: 0)
    /// The limited broadcast address `255.255.255.255`.
    public static let broadcast = IPv4Address(value: .max)

    /// Creates an address from its numeric value.
    public init(value: UInt32) {
        self.value = value
    }

    /// Creates an address from four octets in network order.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Creates an address from the first four of `octets`; `nil` when there are fewer.
    public init?(octets: some Collection<UInt8>) {
        guard octets.count >= 4 else { return nil }
        self.init(value: octets.prefix(4).reduce(0) { $0 << 8 | UInt32($1) })
    }

    /// Parses a dotted quad with `inet_pton`, which refuses leading zeros and out-of-range octets.
    public init(parsing text: String) throws(AddressParseError) {
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { throw .notIPv4(text) }
        value = UInt32(bigEndian: address.s_addr)
    }

    /// The subnet mask of a prefix length, e.g. `255.255.255.0` for 24; `nil` outside 0...32.
    public init?(maskOfPrefixLength length: Int) {
        guard (0...32).contains(length) else { return nil }
        value = length == 0 ? 0 : UInt32.max << (32 - length)
    }

    /// The four octets in network order.
    public var octets: [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
         UInt8(truncatingIfNeeded: value)]
    }

    /// The dotted quad, e.g. `10.0.2.2`.
    public var description: String { octets.map(String.init).joined(separator: ".") }

    /// Decodes from text such as the description, failing with the parse error's message.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    /// Encodes as the description's text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
