import Glibc

/// The cookie of the calling thread's network namespace (`SO_NETNS_COOKIE`, Linux 5.14): unlike the namespace
/// file's inode, which the kernel hands out again once the namespace is gone, a cookie is never reused, so a
/// journal can tell the namespace it was made in from a new one at the same path.
enum NamespaceCookie {
    /// `SO_NETNS_COOKIE` from `<asm-generic/socket.h>`, which Swift's Glibc module does not export.
    private static let option: Int32 = 71

    /// The cookie, read through a socket made in the calling thread's namespace; nil on kernels without it.
    static func current() -> UInt64? {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var cookie: UInt64 = 0
        var length = socklen_t(MemoryLayout<UInt64>.size)
        guard getsockopt(fd, SOL_SOCKET, option, &cookie, &length) == 0 else { return nil }
        return cookie
    }
}
