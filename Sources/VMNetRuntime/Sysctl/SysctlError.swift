import Glibc

/// An error reading or writing a network sysctl.
public enum SysctlError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key is not a relative path under `/proc/sys/net`, e.g. `net/ipv4/ip_forward`.
    case invalidKey(String)
    /// The call ran on a thread outside the namespace the `Sysctl` was made for.
    case wrongNamespace(key: String, expected: NamespaceIdentity, actual: NamespaceIdentity?)
    /// Opening, reading or writing the file failed with `code` (`errno`).
    case system(operation: String, code: Int32)

    /// The kernel's text for a system error (`strerror`).
    public var reason: String? {
        if case .system(_, let code) = self { String(cString: strerror(code)) } else { nil }
    }

    /// What failed, the kernel's reason and what to do about it.
    public var description: String {
        switch self {
        case .invalidKey(let key):
            "`\(key)` is not a network sysctl: use a path below /proc/sys such as net/ipv4/conf/all/arp_ignore"
        case .wrongNamespace(let key, let expected, let actual):
            "sysctl \(key): called from a thread in \(actual?.description ?? "an unknown namespace"), not in \(expected) "
                + "(run it inside NamespaceThread.run of that namespace)"
        case .system(let operation, let code):
            "\(operation): \(String(cString: strerror(code)))"
                + (code == ENOENT ? " (no such key in this namespace: does the interface exist?)" : "")
        }
    }
}
