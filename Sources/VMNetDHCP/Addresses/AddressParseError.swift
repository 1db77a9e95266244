/// Why a string is not an address of the expected kind.
public enum AddressParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not a dotted-quad IPv4 address such as `10.0.2.2`.
    case notIPv4(String)
    /// Not an IPv6 address such as `fd10:0:2::2`.
    case notIPv6(String)
    /// Not 1 to 16 hex pairs joined by colons, such as `02:00:00:00:00:01`.
    case notHardwareAddress(String)

    /// What went wrong and what to do about it.
    public var description: String {
        switch self {
        case .notIPv4(let text): "'\(text)' is not an IPv4 address: write four decimal octets, e.g. 10.0.2.2"
        case .notIPv6(let text): "'\(text)' is not an IPv6 address: write it as in fd10:0:2::2, without a zone"
        case .notHardwareAddress(let text):
            "'\(text)' is not a hardware address: write colon-separated hex pairs, e.g. 02:00:00:00:00:01"
        }
    }
}
