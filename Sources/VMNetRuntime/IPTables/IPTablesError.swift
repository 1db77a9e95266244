/// An error editing or reading an iptables table through libiptc.
public enum IPTablesError: Error, Sendable, Equatable, CustomStringConvertible {
    /// libiptc refused `operation`; `reason` is its text for the error (`iptc_strerror`).
    case refused(operation: String, reason: String)
    /// The rule cannot be expressed or is inconsistent (e.g. a port without a protocol, a foreign address family).
    case invalidRule(IPTablesRule, reason: String)
    /// The table was opened on a thread outside the namespace it was made for.
    case wrongNamespace(expected: NamespaceIdentity, actual: NamespaceIdentity?)

    /// What failed, libiptc's reason and what to do about it.
    public var description: String {
        switch self {
        case .refused(let operation, let reason):
            "\(operation): \(reason)" + (reason.contains("Permission denied") ? " (this needs CAP_NET_ADMIN: run as root)" : "")
        case .invalidRule(let rule, let reason):
            "invalid rule `\(rule)`: \(reason)"
        case .wrongNamespace(let expected, let actual):
            "iptables: called from a thread in \(actual?.description ?? "an unknown namespace"), not in \(expected) "
                + "(run it inside NamespaceThread.run of that namespace)"
        }
    }
}
