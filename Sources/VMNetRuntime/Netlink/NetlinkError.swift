/// An error from a netlink (rtnetlink or tun) operation inside a network namespace.
public enum NetlinkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kernel or libnl refused `operation`; `reason` is libnl's text for `code` (`nl_geterror`), or the
    /// kernel's `strerror` text for tun ioctls.
    case refused(operation: String, code: Code, reason: String)
    /// A call that acts on the calling thread's namespace (tap creation) ran outside the socket's namespace.
    case wrongNamespace(operation: String, expected: NamespaceIdentity, actual: NamespaceIdentity?)
    /// An argument the kernel cannot take, found before asking it (e.g. an interface name over 15 bytes).
    case invalidArgument(operation: String, reason: String)

    /// A libnl error code (`NLE_*`), the kernel's errno as libnl classifies it.
    public struct Code: RawRepresentable, Sendable, Hashable {
        /// The positive `NLE_*` value.
        public let rawValue: Int32

        /// Creates a code from a positive `NLE_*` value.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// `NLE_EXIST` (EEXIST): the link, address or route already exists.
        public static let exists = Code(rawValue: 6)
        /// `NLE_INVAL` (EINVAL): the kernel rejected an argument.
        public static let invalidArgument = Code(rawValue: 7)
        /// `NLE_OBJ_NOTFOUND` (ENOENT, ENODEV, ESRCH): the link, address or route does not exist.
        public static let notFound = Code(rawValue: 12)
        /// `NLE_NOADDR` (EADDRNOTAVAIL): the address does not exist on the link.
        public static let addressNotAvailable = Code(rawValue: 19)
        /// `NLE_BUSY` (EBUSY): the device is busy, e.g. renaming a link that is up.
        public static let busy = Code(rawValue: 25)
        /// `NLE_NOACCESS` (EACCES): access denied.
        public static let noAccess = Code(rawValue: 27)
        /// `NLE_PERM` (EPERM): the caller lacks CAP_NET_ADMIN in the namespace.
        public static let notPermitted = Code(rawValue: 28)
        /// `NLE_NODEV` (ENODEV): no such device, e.g. a link name that does not exist.
        public static let noDevice = Code(rawValue: 31)
    }

    /// The failed operation, e.g. `create bridge k6t-eth0`.
    public var operation: String {
        switch self {
        case .refused(let operation, _, _), .wrongNamespace(let operation, _, _), .invalidArgument(let operation, _):
            operation
        }
    }

    /// Whether the kernel refused because the link, address or route does not exist; libnl reports a missing
    /// link as `.noDevice` or `.notFound` depending on the request.
    public var isMissing: Bool {
        code == .notFound || code == .noDevice || code == .addressNotAvailable
    }

    /// The libnl code when the kernel refused the operation.
    public var code: Code? {
        if case .refused(_, let code, _) = self { code } else { nil }
    }

    /// What failed, the kernel's reason and what to do about it.
    public var description: String {
        switch self {
        case .refused(let operation, let code, let reason):
            "\(operation): \(reason)\(Self.advice(for: code))"
        case .wrongNamespace(let operation, let expected, let actual):
            "\(operation): called from a thread in \(actual?.description ?? "an unknown namespace"), not in the "
                + "socket's \(expected) (run it inside NamespaceThread.run of the namespace that created the socket)"
        case .invalidArgument(let operation, let reason):
            "\(operation): \(reason)"
        }
    }

    private static func advice(for code: Code) -> String {
        switch code {
        case .exists: " (it already exists in the namespace: delete it first or pick another name)"
        case .notFound, .noDevice: " (check the name with `ip -n NAMESPACE link`)"
        case .busy: " (set the link down first)"
        case .notPermitted, .noAccess: " (this needs CAP_NET_ADMIN: run as root)"
        default: ""
        }
    }
}
