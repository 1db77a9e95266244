import Glibc

/// A shared object opened with `dlopen(RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE)` and never closed: the Swift runtime
/// keeps pointers into every image it has seen, so unloading one crashes a later cast (spike §2).
struct SharedObject {
    private let handle: UnsafeMutableRawPointer

    /// Opens `path`, which must contain a `/` so that `dlopen` does not search the library path.
    init(path: String) throws(LoaderError) {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            throw .openFailed(path: path, message: dlerror().map { String(cString: $0) } ?? "unknown error")
        }
        self.handle = handle
    }

    /// The address of the symbol `name`, if the object exports it.
    func address(of name: String) -> UnsafeMutableRawPointer? {
        dlsym(handle, name)
    }
}
