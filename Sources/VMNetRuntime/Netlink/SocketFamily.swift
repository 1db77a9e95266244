import Glibc
import VMNetCore

extension IPFamily {
    /// The `AF_*` constant.
    var socketFamily: Int32 { self == .ipv4 ? AF_INET : AF_INET6 }

    /// The family of an `AF_*` constant; nil for families other than IPv4 and IPv6.
    init?(socketFamily: Int32) {
        switch socketFamily {
        case AF_INET: self = .ipv4
        case AF_INET6: self = .ipv6
        default: return nil
        }
    }
}
