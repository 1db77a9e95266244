import Glibc

/// The identity of a network namespace (its nsfs device and inode), used to prove that a call runs inside the
/// namespace a handle belongs to.
///
/// Tap creation, iptc transactions and `/proc/sys/net` all act on the namespace of the *calling thread*, so a
/// handle captures the identity when it is created and checks it again before each such call.
public struct NamespaceIdentity: Sendable, Hashable, CustomStringConvertible {
    /// The device number of the namespace file system.
    public let device: UInt64
    /// The inode number, as shown in `net:[INODE]`.
    public let inode: UInt64

    /// The namespace of the calling thread (`/proc/thread-self/ns/net`).
    public static func current() -> NamespaceIdentity? {
        NamespaceIdentity(path: "/proc/thread-self/ns/net")
    }

    /// The namespace bound at `path`, e.g. `/var/run/netns/pod1`.
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    /// `net:[INODE]`, as `readlink /proc/PID/ns/net` shows it.
    public var description: String { "net:[\(inode)]" }
}
