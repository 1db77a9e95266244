import Glibc

/// An IP address family.
public enum IPFamily: String, Codable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// IPv4: 4-byte addresses.
    case ipv4
    /// IPv6: 16-byte addresses.
    case ipv6

    /// The number of bytes in an address of this family.
    public var addressLength: Int { self == .ipv4 ? 4 : 16 }

    /// The longest prefix of this family: 32 or 128.
    public var maximumPrefixLength: Int { addressLength * 8 }

    /// `IPv4` or `IPv6`.
    public var description: String { self == .ipv4 ? "IPv4" : "IPv6" }
}

/// An IPv4 or IPv6 address.
public struct IPAddress: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The address bytes: 4 for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// Parses dotted-quad IPv4 or any RFC 4291 IPv6 text form (`inet_pton`).
    public init?(_ text: String) {
        if let bytes = Self.dottedQuad(text.utf8) {
            self.bytes = bytes
            return
        }
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

    /// The unspecified address of `family`: `0.0.0.0` or `::`.
    public static func any(_ family: IPFamily) -> IPAddress {
        IPAddress(bytes: [UInt8](repeating: 0, count: family.addressLength))
    }

    /// The loopback address of `family`: `127.0.0.1` or `::1`.
    public static func loopback(_ family: IPFamily) -> IPAddress {
        family == .ipv4 ? IPAddress(bytes: [127, 0, 0, 1]) : IPAddress(bytes: [UInt8](repeating: 0, count: 15) + [1])
    }

    /// Whether this is an IPv6 address.
    public var isIPv6: Bool { bytes.count == 16 }

    /// The address family.
    public var family: IPFamily { isIPv6 ? .ipv6 : .ipv4 }

    /// Whether this is an IPv6 link-local address (`fe80::/10`), which every IPv6 link makes for itself.
    public var isIPv6LinkLocal: Bool { isIPv6 && bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80 }

    /// The canonical text form (`inet_ntop`).
    public var description: String {
        // inet_ntop formats IPv4 with sprintf, which cost more than the rest of writing a NAT rule line.
        if bytes.count == 4 { return "\(bytes[0]).\(bytes[1]).\(bytes[2]).\(bytes[3])" }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = isIPv6 ? AF_INET6 : AF_INET
        bytes.withUnsafeBytes { raw in
            _ = inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count))
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The four bytes of a dotted quad as `inet_pton` reads one: four decimal numbers up to 255, without leading
    /// zeros; `nil` for anything else (IPv6 among it), which `inet_pton` then reads.
    private static func dottedQuad(_ text: String.UTF8View) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4)
        var value = 0, digits = 0
        for byte in text {
            if byte == UInt8(ascii: "."), digits > 0, bytes.count < 3 {
                bytes.append(UInt8(value))
                value = 0
                digits = 0
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), digits < 3, !(digits == 1 && value == 0) {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                guard value <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, bytes.count == 3 else { return nil }
        bytes.append(UInt8(value))
        return bytes
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

    /// A host network: the address with a full-length prefix (`/32` or `/128`).
    public init(host address: IPAddress) {
        self.init(address: address, prefixLength: address.family.maximumPrefixLength)
    }

    /// The network of every address of `family` (`0.0.0.0/0` or `::/0`): a default route's destination.
    public static func all(_ family: IPFamily) -> IPNetwork {
        IPNetwork(address: .any(family), prefixLength: 0)
    }

    /// The address family.
    public var family: IPFamily { address.family }

    /// The network itself: the address with its host bits cleared, and the same prefix length.
    public var masked: IPNetwork { IPNetwork(address: networkAddress, prefixLength: prefixLength) }

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
