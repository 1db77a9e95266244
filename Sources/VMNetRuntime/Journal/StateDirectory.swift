import FoundationEssentials
import Glibc

/// The folder holding the journals: one subfolder per network namespace with one file per VM in it
/// (`/run/vmnet/pod1/default_vm1.json`), and one lock file per namespace (`/run/vmnet/pod1.lock`).
public struct StateDirectory: Sendable, Hashable {
    /// The default, on tmpfs: a reboot clears it along with the namespaces it describes.
    public static let defaultPath = "/run/vmnet"

    /// The folder.
    public let path: String

    /// The state directory at `path`.
    public init(path: String = defaultPath) {
        self.path = path
    }

    /// The folder of `namespace`'s journals.
    public func folder(of namespace: NetworkNamespace) -> String {
        "\(path)/\(namespace.stateName)"
    }

    /// The journal of `vm` in `namespace` (`NAMESPACE_NAME.json`; a `_` in either is escaped, as Kubernetes names
    /// have none, so two VMs never share a file).
    public func journalPath(of vm: VMReference, in namespace: NetworkNamespace) -> String {
        let name = FileName.escaping(vm.namespace, also: ["_"]) + "_" + FileName.escaping(vm.name, also: ["_"])
        return "\(folder(of: namespace))/\(FileName.bounded(name)).json"
    }

    /// The paths of every journal of `namespace`, sorted.
    public func journalPaths(in namespace: NetworkNamespace) throws(ExecutorError) -> [String] {
        let folder = folder(of: namespace)
        return try Self.entries(of: folder).filter { $0.hasSuffix(".json") }.map { "\(folder)/\($0)" }
    }

    /// The journal of `vm` in `namespace`, nil when the VM is not wired there: what the DHCP server serves
    /// (each interface's `dhcp` plan) and what `plan --netns` plans from (the facts before wiring).
    public func journal(of vm: VMReference, in namespace: NetworkNamespace) throws(ExecutorError) -> Journal? {
        try JournalFile.load(path: journalPath(of: vm, in: namespace))?.journal
    }

    /// The journals of every VM wired in `namespace`.
    public func journals(in namespace: NetworkNamespace) throws(ExecutorError) -> [Journal] {
        var journals: [Journal] = []
        for path in try journalPaths(in: namespace) {
            if let file = try JournalFile.load(path: path) { journals.append(file.journal) }
        }
        return journals
    }

    /// The journals of every VM wired in `namespace`, wherever they are filed: under the namespace's own name, or,
    /// when none is, under any name whose journals were made in this very namespace (its cookie). A CNI plugin files
    /// them under the runtime's name (`/var/run/netns/cni-…`), which the pod's own processes reach as
    /// `/proc/self/ns/net`. Reading the cookie enters the namespace.
    public func journals(madeIn namespace: NetworkNamespace) throws(ExecutorError) -> [Journal] {
        let own = try journals(in: namespace)
        guard own.isEmpty else { return own }
        guard let cookie = try NamespaceWork.run(in: namespace, { () throws(ExecutorError) in NamespaceCookie.current() }) else {
            return []
        }
        var found: [Journal] = []
        for name in try Self.entries(of: path) where !name.hasSuffix(".lock") && !name.hasSuffix(".json") && name != "attachments" {
            let folder = "\(path)/\(name)"
            for file in try Self.entries(of: folder) where file.hasSuffix(".json") {
                if let journal = try JournalFile.load(path: "\(folder)/\(file)")?.journal, journal.header.namespaceCookie == cookie {
                    found.append(journal)
                }
            }
        }
        return found
    }

    /// The names in the folder at `path` (none when it is missing), sorted, without `.`, `..` and hidden ones. A
    /// folder that is a symbolic link, another user's or that others may write is refused, never listed.
    static func entries(of path: String) throws(ExecutorError) -> [String] {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return [] }
            if errno == ENOTDIR || errno == ELOOP { throw .unsafeStateFile(path: path, reason: Self.kind(of: path)) }
            throw .stateFile(path: path, operation: "list", code: errno)
        }
        guard let directory = fdopendir(fd) else {
            let code = errno
            close(fd)
            throw .stateFile(path: path, operation: "list", code: code)
        }
        defer { closedir(directory) }
        try requireOwn(descriptor: dirfd(directory), path: path, type: S_IFDIR)
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }

    /// Creates the state directory and `namespace`'s folder (mode 0700) when missing; either, when there, must be
    /// a folder of this user that no one else may write, not a symbolic link.
    func prepareFolder(of namespace: NetworkNamespace) throws(ExecutorError) {
        for folder in [path, folder(of: namespace)] {
            try Self.makeOwnFolder(folder)
        }
    }

    /// Makes `folder` (0700) unless it exists, then checks it as `requireOwn` does.
    static func makeOwnFolder(_ folder: String) throws(ExecutorError) {
        guard mkdir(folder, 0o700) == 0 || errno == EEXIST else {
            throw .stateFile(path: folder, operation: "create", code: errno)
        }
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOTDIR || errno == ELOOP { throw .unsafeStateFile(path: folder, reason: kind(of: folder)) }
            throw .stateFile(path: folder, operation: "open", code: errno)
        }
        defer { close(fd) }
        try requireOwn(descriptor: fd, path: folder, type: S_IFDIR)
    }

    /// Refuses the open file `descriptor` unless it is of `type` (`S_IFDIR`, `S_IFREG`), this user owns it and no
    /// one else may write it (a folder a deployment made 0755 is fine; vmnet makes its own 0700).
    static func requireOwn(descriptor: Int32, path: String, type: mode_t) throws(ExecutorError) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .stateFile(path: path, operation: "stat", code: errno) }
        if info.st_mode & S_IFMT != type {
            throw .unsafeStateFile(path: path, reason: type == S_IFDIR ? "it is not a folder" : "it is not a regular file")
        }
        if info.st_uid != geteuid() {
            throw .unsafeStateFile(path: path, reason: "it belongs to user \(info.st_uid), not to this user (\(geteuid()))")
        }
        if info.st_mode & 0o022 != 0 {
            throw .unsafeStateFile(path: path, reason: "its mode is \(String(info.st_mode & 0o777, radix: 8)): others may write it")
        }
    }

    /// What `path` is when it is not a folder: `a symbolic link` or `not a folder`.
    static func kind(of path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else { return "it cannot be examined" }
        return info.st_mode & S_IFMT == S_IFLNK ? "it is a symbolic link" : "it is not a folder"
    }

    /// Removes `namespace`'s folder once its last journal is gone, and then its lock file, which `lock` holds:
    /// nothing of a namespace stays in the state directory once nothing is wired there.
    func removeFolderIfEmpty(of namespace: NetworkNamespace, holding lock: NamespaceLock) {
        guard rmdir(folder(of: namespace)) == 0 || errno == ENOENT else { return }
        unlink(lock.path)
    }

    /// Takes the lock of `namespace` (`flock` on `NAME.lock` beside its folder), waiting while another vmnet
    /// holds it, so two `up`/`down` runs never interleave their steps in one namespace. The kernel drops it when
    /// the process dies, so a `kill -9` never leaves it taken. The holder deletes the file once the namespace has
    /// no journal; a waiter that then gets the lock of the deleted file sees the path no longer names it, and
    /// takes the lock again on the file now there.
    func lock(_ namespace: NetworkNamespace) throws(ExecutorError) -> NamespaceLock {
        try Self.makeOwnFolder(path)
        let lockPath = "\(path)/\(namespace.stateName).lock"
        while true {
            let fd = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else {
                if errno == ELOOP { throw .unsafeStateFile(path: lockPath, reason: "it is a symbolic link") }
                throw .stateFile(path: lockPath, operation: "open", code: errno)
            }
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let code = errno
                    close(fd)
                    throw .stateFile(path: lockPath, operation: "lock", code: code)
                }
            }
            var held = stat()
            var named = stat()
            if fstat(fd, &held) == 0, stat(lockPath, &named) == 0, held.st_ino == named.st_ino, held.st_dev == named.st_dev {
                return NamespaceLock(descriptor: fd, path: lockPath)
            }
            close(fd)
        }
    }
}

/// A held namespace lock; released by `release` or when the process ends.
struct NamespaceLock {
    let descriptor: Int32
    /// The lock file.
    let path: String

    /// Releases the lock.
    func release() {
        close(descriptor)
    }
}
