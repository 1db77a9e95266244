import Glibc

/// Network sysctls (`/proc/sys/net/...`) of one network namespace.
///
/// The kernel resolves `/proc/sys/net` against the namespace of the thread that opens the file, so a
/// `Sysctl` is made on a `NamespaceThread` and checks on every call that it still runs on a thread inside
/// that namespace; a call from elsewhere throws `.wrongNamespace` instead of touching another namespace.
public struct Sysctl: Sendable {
    /// The namespace whose values this reads and writes.
    public let namespace: NamespaceIdentity

    /// Binds to the calling thread's namespace.
    public init() throws(SysctlError) {
        guard let namespace = NamespaceIdentity.current() else {
            throw .system(operation: "stat /proc/thread-self/ns/net", code: errno)
        }
        self.namespace = namespace
    }

    /// Reads a key such as `net/ipv4/ip_forward`, without the trailing newline.
    public func read(_ key: String) throws(SysctlError) -> String {
        let path = try checkedPath(key)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system(operation: "open \(path)", code: errno) }
        defer { close(fd) }
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = Glibc.read(fd, &buffer, buffer.count)
            guard count >= 0 else { throw .system(operation: "read \(path)", code: errno) }
            if count == 0 { break }
            text += buffer[..<count]
        }
        while text.last == UInt8(ascii: "\n") { text.removeLast() }
        return String(decoding: text, as: UTF8.self)
    }

    /// Writes `value` to a key such as `net/ipv4/conf/k6t-eth0/route_localnet`.
    public func write(_ key: String, _ value: String) throws(SysctlError) {
        let path = try checkedPath(key)
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .system(operation: "open \(path)", code: errno) }
        defer { close(fd) }
        let bytes = Array((value + "\n").utf8)
        let written = Glibc.write(fd, bytes, bytes.count)
        guard written == bytes.count else { throw .system(operation: "write \(value) to \(path)", code: errno) }
    }

    private func checkedPath(_ key: String) throws(SysctlError) -> String {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "net", !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw .invalidKey(key)
        }
        let current = NamespaceIdentity.current()
        guard current == namespace else { throw .wrongNamespace(key: key, expected: namespace, actual: current) }
        return "/proc/sys/" + key
    }
}
