import VMNetSystem

/// Why a DHCP server could not start.
public enum DHCPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `start` was called on a running server.
    case alreadyRunning
    /// The served interface does not exist in the namespace the server starts in.
    case noSuchInterface(String)
    /// A socket call failed, e.g. the port is taken by another server on the same interface.
    case system(SystemError)

    /// What went wrong and what to do about it.
    public var description: String {
        switch self {
        case .alreadyRunning:
            "the server is already running; stop it before starting it again"
        case .noSuchInterface(let name):
            "no interface '\(name)' in the server's network namespace; create the bridge before starting the server"
        case .system(let error):
            "\(error) (the server needs CAP_NET_RAW and CAP_NET_BIND_SERVICE, and its port free on the interface)"
        }
    }
}
