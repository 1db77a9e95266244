import Glibc

/// A file vmnet runs or trusts, opened once and checked through its descriptor: a regular file that only root or
/// the caller can change, in a folder that no one else can write to. What is then loaded or read is the descriptor,
/// so it is the file that was checked, whatever its path names by then.
///
/// A symbolic link is followed: the file it leads to is checked and opened, and the folder holding the link is
/// checked as well as the one holding the file, since whoever can write either could point the name elsewhere.
package struct TrustedFile: ~Copyable {
    /// The path the file was asked for by, as given; errors name it.
    package let path: String
    /// The open descriptor, read-only; closed with this value.
    package let descriptor: Int32
    /// The file's identity, from the descriptor.
    package let identity: FileIdentity

    /// Opens `path`, or throws the first reason not to trust it.
    package init(opening path: String) throws(LoaderError) {
        let (folder, name) = Self.split(try Self.realPath(path, naming: path))
        let linkFolder = try Self.realPath(Self.split(path).folder, naming: path)
        if linkFolder != folder {
            close(try Self.openFolder(linkFolder, of: path))
        }
        // The file is opened in the folder that was checked, not by a path that could have moved meanwhile.
        let folderDescriptor = try Self.openFolder(folder, of: path)
        defer { close(folderDescriptor) }
        // O_NONBLOCK: a FIFO named like a plugin must not hang the open before fstat sees what it is.
        let descriptor = openat(folderDescriptor, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        do throws(LoaderError) {
            let status = try Self.status(of: descriptor, naming: path)
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
            identity = FileIdentity(status)
        } catch {
            close(descriptor)
            throw error
        }
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Opens `folder`, refusing it if its group or others may write to it, sticky or not: the sticky bit stops them
    /// replacing a file they do not own, but not adding one, and a file they add may be a link to any library root
    /// owns.
    private static func openFolder(_ folder: String, of path: String) throws(LoaderError) -> Int32 {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        do throws(LoaderError) {
            guard try status(of: descriptor, naming: path).st_mode & (S_IWGRP | S_IWOTH) == 0 else {
                throw .writableFolder(path: path, folder: folder)
            }
        } catch {
            close(descriptor)
            throw error
        }
        return descriptor
    }

    private static func status(of descriptor: Int32, naming path: String) throws(LoaderError) -> stat {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        return status
    }

    /// `path` with every symbolic link, `.` and `..` resolved.
    private static func realPath(_ path: String, naming file: String) throws(LoaderError) -> String {
        guard let resolved = realpath(path, nil) else {
            throw .unreadable(path: file, reason: String(cString: strerror(errno)))
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The folder and the last component: `/a/b.so` → (`/a`, `b.so`), `b.so` → (`.`, `b.so`), `/b.so` → (`/`, `b.so`).
    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = slash == path.startIndex ? "/" : String(path[..<slash])
        return (folder, String(path[path.index(after: slash)...]))
    }
}
