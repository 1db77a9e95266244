/// Why vmnet cannot serve DHCP to a guest.
public enum ServingError: Error, Sendable, CustomStringConvertible {
    /// The plan holds a value a DHCP server cannot send.
    case invalidPlan(interface: String, reason: String)
    /// The server refused its configuration (e.g. an invalid search domain in resolv.conf).
    case configuration(interface: String, DHCPConfigurationError)
    /// The server could not start (the bridge is missing, the port is taken, …).
    case server(interface: String, DHCPServerError)
    /// No thread could enter the guests' network namespace.
    case namespace(String, reason: String)

    public var description: String {
        switch self {
        case .invalidPlan(let interface, let reason): "cannot serve DHCP on \(interface): \(reason)"
        case .configuration(let interface, let error): "cannot serve DHCP on \(interface): \(error)"
        case .server(let interface, let error): "cannot serve DHCP on \(interface): \(error)"
        case .namespace(let namespace, let reason): "cannot serve DHCP in the \(namespace): \(reason)"
        }
    }
}
