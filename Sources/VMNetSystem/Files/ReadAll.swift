import Glibc

/// The whole content of the file at `path`, read again after short reads and EINTR.
///
/// - Throws: `SystemError` naming the `open` or `read` that failed and the path.
package func readAll(_ path: String) throws(SystemError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw SystemError("open \(path)", code: errno) }
    defer { close(fd) }
    return try readAll(descriptor: fd, path: path)
}

/// Everything left to read from `descriptor` (a file, or standard input), read again after short reads and EINTR;
/// `path` names it in the error.
///
/// - Throws: `SystemError` naming the `read` that failed and the path.
package func readAll(descriptor: Int32, path: String) throws(SystemError) -> [UInt8] {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR { continue }
            throw SystemError("read \(path)", code: errno)
        }
        if count == 0 { return bytes }
        bytes += buffer.prefix(count)
    }
}
