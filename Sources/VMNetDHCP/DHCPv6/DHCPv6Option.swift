/// One DHCPv6 option: a 16-bit code and its value bytes.
public struct DHCPv6Option: Sendable, Hashable {
    /// The option code.
    public var code: DHCPv6OptionCode
    /// The value, at most 65535 bytes.
    public var value: [UInt8]

    /// Creates an option.
    public init(_ code: DHCPv6OptionCode, _ value: [UInt8]) {
        self.code = code
        self.value = value
    }

    /// Decodes a sequence of options filling `bytes` (a message's tail or an option's encapsulated options).
    static func decodeAll(_ bytes: [UInt8]) throws(DHCPDecodingError) -> [DHCPv6Option] {
        var reader = ByteReader(bytes)
        var options: [DHCPv6Option] = []
        while !reader.isAtEnd {
            guard let code = reader.readUInt16() else { throw .trailingBytes(reader.remaining) }
            guard let length = reader.readUInt16() else { throw .optionWithoutLength(code: code) }
            guard let value = reader.read(Int(length)) else {
                throw .optionOverrunsPacket(code: code, length: Int(length), remaining: reader.remaining)
            }
            options.append(DHCPv6Option(DHCPv6OptionCode(rawValue: code), Array(value)))
        }
        return options
    }

    /// Encodes `options` one after another.
    static func encodeAll(_ options: [DHCPv6Option]) -> [UInt8] {
        var bytes: [UInt8] = []
        for option in options {
            precondition(option.value.count <= Int(UInt16.max), "a DHCPv6 option value holds at most 65535 bytes")
            bytes.append(bigEndian: option.code.rawValue)
            bytes.append(bigEndian: UInt16(option.value.count))
            bytes += option.value
        }
        return bytes
    }
}
