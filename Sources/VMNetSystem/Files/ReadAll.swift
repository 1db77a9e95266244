import Glibc

/// The whole content of the file at `path`, read again after short reads and EINTR.
///
/// - Throws: `SystemError` naming the `open` or `read` that failed and the path.
package func readAll(_ path: String) throws(SystemError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw SystemError("open \(path)", code: errno) }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = read(fd, &buffer, buffer.count)
        if count < 0 {
            if errno == EINTR { continue }
            throw SystemError("read \(path)", code: errno)
        }
        if count == 0 { return bytes }
        bytes += buffer.prefix(count)
    }
}
