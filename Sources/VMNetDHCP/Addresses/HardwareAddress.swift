/// A client hardware address (`chaddr`), usually a 6-octet Ethernet MAC.
public struct HardwareAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The octets, 1 to 16 of them.
    public let octets: [UInt8]

    /// Creates an address from 1 to 16 octets; `nil` otherwise.
    public init?(octets: some Collection<UInt8>) {
        guard (1...16).contains(octets.count) else { return nil }
        self.octets = Array(octets)
    }

    /// Parses colon-separated hex pairs such as `02:00:00:00:00:01`, in either case.
    public init(parsing text: String) throws(AddressParseError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var octets: [UInt8] = []
        for part in parts {
            guard part.count == 2, part.allSatisfy(\.isHexDigit), let octet = UInt8(part, radix: 16) else { throw .notHardwareAddress(text) }
            octets.append(octet)
        }
        guard let address = HardwareAddress(octets: octets) else { throw .notHardwareAddress(text) }
        self = address
    }

    /// Lower-case hex pairs joined by colons.
    public var description: String {
        octets.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(separator: ":")
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
