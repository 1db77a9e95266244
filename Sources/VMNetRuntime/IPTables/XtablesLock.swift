import Glibc

/// The lock iptables itself takes (`flock` on `/run/xtables.lock`) around a read-modify-write of a table.
///
/// libiptc replaces a whole table at commit, so an `iptables-legacy` process editing the same table at the
/// same moment would silently lose one side's rules; holding the same lock keeps the two from interleaving.
enum XtablesLock {
    /// The lock file `iptables-legacy` uses on Debian.
    static let path = "/run/xtables.lock"

    /// Runs `body` while holding the lock, blocking until it is free.
    static func holding<T>(_ body: () throws(IPTablesError) -> T) throws(IPTablesError) -> T {
        let fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .refused(operation: "open \(path)", reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw .refused(operation: "lock \(path)", reason: String(cString: strerror(errno))) }
        }
        return try body()
    }
}
