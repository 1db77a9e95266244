import Glibc

/// The checks a file passes before vmnet runs its code: a regular file that only root or the caller can change.
enum FileTrust {
    /// The file's identity, or the first reason not to load `path`.
    static func check(_ path: String) throws(LoaderError) -> FileIdentity {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .unreadable(path: path, reason: "not a regular file")
        }
        let caller = getuid()
        guard status.st_uid == 0 || status.st_uid == caller || status.st_uid == geteuid() else {
            throw .untrustedOwner(path: path, owner: status.st_uid, caller: caller)
        }
        guard status.st_mode & (S_IWGRP | S_IWOTH) == 0 else {
            throw .writableByOthers(path: path)
        }
        return FileIdentity(status)
    }
}
