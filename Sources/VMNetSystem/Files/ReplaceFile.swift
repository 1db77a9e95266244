import CVMNetSys
import Glibc

/// Replaces the file at `path` with `bytes` so that a crash at any point leaves the old file or the new one, never
/// a mix: writes them to a new file beside it (`PATH.XXXXXX`, a name no other writer has), flushes that file,
/// renames it over `path` and flushes the folder, so the rename survives as well. The new file gets `mode`.
///
/// - Throws: `SystemError` naming the step that failed and its file; the temporary file is removed.
package func replaceFile(_ path: String, with bytes: some Collection<UInt8>, mode: mode_t) throws(SystemError) {
    var template = Array("\(path).XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { vmnet_temporary_file($0.baseAddress!) }
    guard fd >= 0 else { throw SystemError("create a temporary file beside \(path)", code: -fd) }
    let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    do throws(SystemError) {
        defer { close(fd) }
        guard fchmod(fd, mode) == 0 else { throw SystemError("chmod \(temporary)", code: errno) }
        let code = bytes.withContiguousStorageIfAvailable { writeAll(fd, UnsafeRawBufferPointer($0)) }
            ?? Array(bytes).withUnsafeBytes { writeAll(fd, $0) }
        guard code == 0 else { throw SystemError("write \(temporary)", code: code) }
        guard fsync(fd) == 0 else { throw SystemError("sync \(temporary)", code: errno) }
    } catch {
        unlink(temporary)
        throw error
    }
    guard rename(temporary, path) == 0 else {
        let code = errno
        unlink(temporary)
        throw SystemError("rename \(temporary) to \(path)", code: code)
    }
    try syncFolder(of: path)
}

/// Flushes the folder holding `path`, so that a rename or unlink in it survives a crash.
///
/// - Throws: `SystemError` naming the `open` or `fsync` of the folder that failed.
package func syncFolder(of path: String) throws(SystemError) {
    let folder = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
    let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw SystemError("open \(folder)", code: errno) }
    defer { close(fd) }
    guard fsync(fd) == 0 else { throw SystemError("sync \(folder)", code: errno) }
}
