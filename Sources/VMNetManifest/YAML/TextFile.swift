import Glibc
import VMNetSystem

/// Reads a whole file as UTF-8 text, with the kernel's reason when it cannot.
enum TextFile {
    static func read(_ path: String) throws(ManifestError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        let bytes: [UInt8]
        do {
            bytes = try readAll(descriptor: fd, path: path)
        } catch {
            throw .unreadable(file: path, reason: error.reason)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .unreadable(file: path, reason: "the file is not UTF-8 text")
        }
        return text
    }
}
