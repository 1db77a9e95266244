import Glibc

/// What `stat` says of a file, enough to tell that it is the very file seen before: the same inode with the same
/// size, content time and change time (which moves on every write, `chmod`, `chown` and rename over it), owner and
/// mode. The plugin cache keys each description on it.
public struct FileIdentity: Codable, Sendable, Hashable {
    /// The device holding the file.
    public var device: UInt64
    /// The inode.
    public var inode: UInt64
    /// The size in bytes.
    public var size: Int64
    /// The last content change, in nanoseconds since the epoch.
    public var modified: Int64
    /// The last content or metadata change, in nanoseconds since the epoch.
    public var changed: Int64
    /// The owner's uid.
    public var owner: UInt32
    /// The type and permission bits.
    public var mode: UInt32

    /// The identity of a `stat` result.
    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        changed = Int64(status.st_ctim.tv_sec) * 1_000_000_000 + Int64(status.st_ctim.tv_nsec)
        owner = status.st_uid
        mode = status.st_mode
    }

    /// The identity of the file at `path` (symbolic links followed), `nil` when it cannot be read.
    public init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self.init(status)
    }
}
