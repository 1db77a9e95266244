import Glibc

/// Writes `text` to `path` (made or truncated) as a program of mode `mode`, whatever the umask, through a
/// close-on-exec descriptor.
///
/// Foundation's `String.write(toFile:)` and `Data.write(to:)` open without O_CLOEXEC, so a child that another
/// thread of the test process spawns meanwhile inherits the descriptor open for writing and keeps it for as long as
/// that child lives; running the file then fails with ETXTBSY. Seen as busybox httpd answering 404 with 15 guests
/// booting at once, and as udhcpc exiting 0 with a lease it could not hand to its script.
/// - Throws: `CommandError` naming the file and the reason.
public func writeExecutable(_ text: String, to path: String, mode: mode_t = 0o755) throws(CommandError) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
    guard descriptor >= 0 else { throw CommandError("cannot create \(path): \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    guard written == bytes.count, fchmod(descriptor, mode) == 0 else {
        throw CommandError("cannot write \(path): \(String(cString: strerror(errno)))")
    }
}
