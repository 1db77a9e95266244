import Glibc

/// An IPv4 or IPv6 address.
public struct IPAddress: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The address bytes: 4 for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// Parses dotted-quad IPv4 or any RFC 4291 IPv6 text form (`inet_pton`).
    public init?(_ text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
        } else {
            return nil
        }
    }

    /// Creates an address from 4 or 16 bytes.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 4 || bytes.count == 16, "an IP address has 4 or 16 bytes")
        self.bytes = bytes
    }

    /// Whether this is an IPv6 address.
    public var isIPv6: Bool { bytes.count == 16 }

    /// The canonical text form (`inet_ntop`).
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = isIPv6 ? AF_INET6 : AF_INET
        bytes.withUnsafeBytes { raw in
            _ = inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count))
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = IPAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an IP address: \(text)"))
        }
        self = address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// An address with a prefix length, such as `10.0.2.0/24` or `fd10:0:2::/120`.
public struct IPNetwork: Codable, Sendable, Hashable, CustomStringConvertible {
    /// Why a CIDR does not parse.
    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case missingPrefix
        case invalidAddress(String)
        case invalidPrefix(String)

        public var description: String {
            switch self {
            case .missingPrefix: "missing '/prefix'"
            case .invalidAddress(let text): "'\(text)' is not an IP address"
            case .invalidPrefix(let text): "'\(text)' is not a prefix length for this address family"
            }
        }
    }

    /// The address as written (host bits kept, as KubeVirt does).
    public let address: IPAddress
    /// The prefix length.
    public let prefixLength: Int

    /// Parses `address/prefix`.
    public init(parsing text: String) throws(ParseError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .missingPrefix }
        guard let address = IPAddress(String(parts[0])) else { throw .invalidAddress(String(parts[0])) }
        guard parts[1].allSatisfy(\.isNumber), let prefix = Int(parts[1]), prefix <= address.bytes.count * 8 else {
            throw .invalidPrefix(String(parts[1]))
        }
        self.address = address
        self.prefixLength = prefix
    }

    /// Creates a network.
    public init(address: IPAddress, prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    /// The number of host bits.
    public var hostBits: Int { address.bytes.count * 8 - prefixLength }

    /// The network address: host bits cleared.
    public var networkAddress: IPAddress {
        var bytes = address.bytes
        for bit in prefixLength..<(bytes.count * 8) {
            bytes[bit / 8] &= ~(0x80 >> UInt8(bit % 8))
        }
        return IPAddress(bytes: bytes)
    }

    /// The `n`th address of the network (1 is the first host).
    public func host(_ n: Int) -> IPAddress {
        var bytes = networkAddress.bytes
        var carry = n
        for index in bytes.indices.reversed() where carry > 0 {
            let sum = Int(bytes[index]) + carry % 256
            bytes[index] = UInt8(sum % 256)
            carry = carry / 256 + sum / 256
        }
        return IPAddress(bytes: bytes)
    }

    /// `address/prefix`.
    public var description: String { "\(address)/\(prefixLength)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try IPNetwork(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
