/// Why a server configuration cannot be served; the server refuses to start rather than send a broken lease.
public enum DHCPConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A search domain that is not a lower-case DNS name of at most 253 characters.
    case invalidSearchDomain(String)
    /// The encoded search list is longer than one option can hold.
    case searchListTooLong(Int)
    /// A prefix length outside 0...32 (IPv4).
    case invalidPrefixLength(Int)
    /// A value too long for one option (255 bytes).
    case optionTooLong(code: UInt8, length: Int)
    /// A private option whose code is outside 224–254, where it would replace one the server sets itself.
    case notPrivateOption(code: UInt8)
    /// An interface name that is empty or longer than the kernel's 15 characters.
    case invalidInterfaceName(String)

    /// What went wrong and what to do about it.
    public var description: String {
        switch self {
        case .invalidSearchDomain(let domain):
            "Search domain is not valid: '\(domain)' (use lower-case labels of letters, digits and '-', at most 253 characters)"
        case .searchListTooLong(let length):
            "Search domains length exceeded allowable size: was \(length) long (option 119 holds 255 bytes; drop some search domains)"
        case .invalidPrefixLength(let length):
            "prefix length \(length) is outside 0...32"
        case .optionTooLong(let code, let length):
            "option \(code) would be \(length) bytes long; shorten the value to at most 255 bytes"
        case .notPrivateOption(let code):
            "option \(code) is not a private option: private options use codes 224 to 254"
        case .invalidInterfaceName(let name):
            "interface name '\(name)' must be 1 to 15 characters"
        }
    }
}
