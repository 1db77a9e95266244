import CNetlink
import Glibc

/// An rtnetlink socket bound to the network namespace of the thread that created it (libnl-route-3).
///
/// Create it on a `NamespaceThread` (inside `run`); the socket keeps that namespace for its whole life.
/// Link, address and route operations then act on that namespace from any thread, but tap creation
/// acts on the calling thread's namespace, so `createTap` checks that it runs on a thread inside it.
/// The class is not `Sendable`: a libnl socket must not be used by two threads at once.
public final class RouteSocket {
    /// The namespace the socket was created in.
    public let namespace: NamespaceIdentity

    let socket: OpaquePointer

    /// Opens and connects a `NETLINK_ROUTE` socket in the calling thread's namespace
    /// (`nl_socket_alloc`, `nl_connect`).
    public init() throws(NetlinkError) {
        guard let namespace = NamespaceIdentity.current() else {
            throw .refused(operation: "open netlink socket", code: .noAccess, reason: "cannot read /proc/thread-self/ns/net")
        }
        guard let socket = nl_socket_alloc() else {
            throw .refused(operation: "open netlink socket", code: Code(rawValue: NLE_NOMEM), reason: "out of memory")
        }
        let rc = nl_connect(socket, NETLINK_ROUTE)
        guard rc >= 0 else {
            nl_socket_free(socket)
            throw Self.error("open netlink socket", rc)
        }
        self.namespace = namespace
        self.socket = socket
    }

    deinit { nl_socket_free(socket) }

    typealias Code = NetlinkError.Code

    /// The one seam every libnl call that returns a status goes through: a negative result becomes a
    /// `NetlinkError` naming `operation`, with libnl's text for the code.
    func check(_ operation: @autoclosure () -> String, _ rc: Int32) throws(NetlinkError) {
        if rc < 0 { throw Self.error(operation(), rc) }
    }

    static func error(_ operation: String, _ rc: Int32) -> NetlinkError {
        .refused(operation: operation, code: Code(rawValue: abs(rc)), reason: String(cString: nl_geterror(rc)))
    }

    /// Checks that the calling thread is inside the socket's namespace, for calls that act on the caller's.
    func requireCallerInNamespace(_ operation: String) throws(NetlinkError) {
        let current = NamespaceIdentity.current()
        guard current == namespace else {
            throw .wrongNamespace(operation: operation, expected: namespace, actual: current)
        }
    }

    /// Rejects a name the kernel would refuse or truncate (`IFNAMSIZ` is 16 including the terminator).
    func validate(name: String, _ operation: String) throws(NetlinkError) {
        guard !name.isEmpty, name.utf8.count < 16, !name.contains("/"), !name.contains(where: \.isWhitespace) else {
            throw .invalidArgument(operation: operation, reason: "`\(name)` is not a valid interface name (1 to 15 bytes, no '/' or spaces)")
        }
    }
}
