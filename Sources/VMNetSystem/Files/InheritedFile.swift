import CVMNetSys
import Glibc

/// A file in memory whose descriptor survives `exec`, to hand a document to a program this process runs: the
/// program opens `path`.
package struct InheritedFile: Sendable {
    /// The open descriptor.
    package let descriptor: Int32

    /// Creates the file and writes `bytes` into it.
    ///
    /// - Throws: `SystemError` when the file cannot be made or written.
    package init(name: String, bytes: [UInt8]) throws(SystemError) {
        let fd = vmnet_memfd(name)
        guard fd >= 0 else { throw SystemError("memfd_create \(name)", code: -fd) }
        let code = bytes.withUnsafeBytes { writeAll(fd, $0) }
        guard code == 0 else {
            Glibc.close(fd)
            throw SystemError("write \(name)", code: code)
        }
        descriptor = fd
    }

    /// The path another process opens it by: `/dev/fd/N`, read from the start.
    package var path: String { "/dev/fd/\(descriptor)" }

    /// Closes this process's descriptor.
    package func close() {
        _ = Glibc.close(descriptor)
    }
}
