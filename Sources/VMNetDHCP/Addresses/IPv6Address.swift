import Glibc

/// An IPv6 address, written and decoded in the text form of RFC 5952.
public struct IPv6Address: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The sixteen octets in network order.
    public let octets: [UInt8]

    /// Creates an address from the first sixteen of `octets`; `nil` when there are fewer.
    public init?(octets: some Collection<UInt8>) {
        guard octets.count >= 16 else { return nil }
        self.octets = Array(octets.prefix(16))
    }

    /// Parses an address with `inet_pton`; zones (`%eth0`) are refused.
    public init(parsing text: String) throws(AddressParseError) {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { throw .notIPv6(text) }
        octets = withUnsafeBytes(of: address) { Array($0) }
    }

    /// The shortest text form, as `inet_ntop` writes it.
    public var description: String {
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { $0.copyBytes(from: octets) }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        inet_ntop(AF_INET6, &address, &text, socklen_t(text.count))
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

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
