import Glibc
import Synchronization

/// A shared object opened with `dlopen(RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE)` and never closed: the Swift runtime
/// keeps pointers into every image it has seen, so unloading one crashes a later cast (spike §2).
///
/// It is loaded from a `TrustedFile`'s descriptor, through `/proc/self/fd/N`, so the code that runs is the file
/// that was checked, even if its path was given to another file right after the check. One consequence: the
/// object's `$ORIGIN` is `/proc/self/fd`, so a plugin cannot find libraries of its own beside it through it.
package struct SharedObject: @unchecked Sendable {
    // @unchecked: a dlopen handle may be used from any thread, and this one is never closed.
    private let handle: UnsafeMutableRawPointer

    /// What the process has loaded, by file (device and inode; the mapping keeps the inode from being reused).
    ///
    /// The dynamic linker remembers every name it loaded an object by and answers a later `dlopen` of the same
    /// name with that object, whatever file the name leads to by then. So the descriptor behind each name stays
    /// open, as the mapping does, and a file loaded before is answered from here instead of by a new name.
    private static let loaded = Mutex<[FileKey: SharedObject]>([:])

    private struct FileKey: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// Loads `file`, or finds it loaded already.
    package init(loading file: borrowing TrustedFile) throws(LoaderError) {
        let key = FileKey(device: file.identity.device, inode: file.identity.inode)
        let (descriptor, path) = (file.descriptor, file.path)
        self = try Self.loaded.withLock { (loaded: inout [FileKey: SharedObject]) throws(LoaderError) -> SharedObject in
            if let object = loaded[key] { return object }
            let kept = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
            guard kept >= 0 else {
                throw .openFailed(path: path, message: "cannot duplicate its descriptor: \(String(cString: strerror(errno)))")
            }
            let name = "/proc/self/fd/\(kept)"
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
                let message = dlerror().map { String(cString: $0) } ?? "unknown error"
                // A failed dlopen keeps no name, so the descriptor may go.
                close(kept)
                throw .openFailed(path: path, message: message.replacing(name, with: path))
            }
            let object = SharedObject(handle: handle)
            loaded[key] = object
            return object
        }
    }

    private init(handle: UnsafeMutableRawPointer) {
        self.handle = handle
    }

    /// The address of the symbol `name`, if the object exports it.
    package func address(of name: String) -> UnsafeMutableRawPointer? {
        dlsym(handle, name)
    }
}
