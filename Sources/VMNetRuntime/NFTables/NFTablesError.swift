import Glibc

/// Why the kernel's nf_tables, reached through libmnl and libnftnl, did not do what was asked.
public enum NFTablesError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The netfilter netlink socket could not be opened, bound, configured or read (`errno`).
    case socket(operation: String, code: Int32)
    /// The kernel refused `operation` (one message of a batch, or the batch's commit) with `code`.
    case refused(operation: String, code: Int32)
    /// The kernel's reply could not be understood.
    case malformedReply(String)

    /// The `errno` the kernel or the socket gave, if any.
    public var code: Int32? {
        switch self {
        case .socket(_, let code), .refused(_, let code): code
        case .malformedReply: nil
        }
    }

    /// What failed, the kernel's reason and what to do about it.
    public var description: String {
        switch self {
        case .socket(let operation, let code):
            "nftables: \(operation): \(String(cString: strerror(code)))" + Self.advice(code, wholeAPI: true)
        case .refused(let operation, let code):
            "nftables: \(operation): \(String(cString: strerror(code)))"
                + Self.advice(code, wholeAPI: Self.wholeAPIOperations.contains(operation))
        case .malformedReply(let reason):
            "nftables: the kernel's reply cannot be read: \(reason)"
        }
    }

    /// The operations the kernel answers for nf_tables as a whole (a refused message of a batch answers for
    /// itself: "not supported" there is about that rule, not about nf_tables).
    static let wholeAPIOperations: Set<String> = [NFTSocket.commitOperation, NFTSocket.generationOperation]

    private static func advice(_ code: Int32, wholeAPI: Bool) -> String {
        if code == EPERM || code == EACCES { return " (this needs CAP_NET_ADMIN in the namespace: run as root)" }
        if wholeAPI, [EOPNOTSUPP, EPROTONOSUPPORT, EAFNOSUPPORT].contains(code) {
            return " (the kernel has no nf_tables here: load the nf_tables module)"
        }
        return ""
    }
}
