/// One DHCPv4 option: a code and its value bytes.
public struct DHCPv4Option: Sendable, Hashable, Codable {
    /// The option code.
    public var code: DHCPv4OptionCode
    /// The value; values over 255 bytes are split into consecutive options on the wire (RFC 3396).
    public var value: [UInt8]

    /// Creates an option.
    public init(_ code: DHCPv4OptionCode, _ value: [UInt8]) {
        self.code = code
        self.value = value
    }
}
