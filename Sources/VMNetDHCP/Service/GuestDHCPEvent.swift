/// What the guest DHCP service reports while it serves.
public enum GuestDHCPEvent: Sendable, Equatable, CustomStringConvertible {
    /// A guest got its lease.
    case leaseGranted(vm: String, interface: String, bridge: String, client: String, address: String)
    /// A packet was dropped, with the reason (hostile, foreign or unanswered).
    case packetDropped(vm: String, interface: String, bridge: String, reason: String)
    /// A reply could not be sent.
    case sendFailed(vm: String, interface: String, bridge: String, reason: String)

    public var description: String {
        switch self {
        case .leaseGranted(let vm, let interface, let bridge, let client, let address):
            "lease \(address) to \(client) on \(bridge) (VM \(vm), interface \(interface))"
        case .packetDropped(let vm, let interface, let bridge, let reason):
            "dropped a packet on \(bridge) (VM \(vm), interface \(interface)): \(reason)"
        case .sendFailed(let vm, let interface, let bridge, let reason):
            "could not reply on \(bridge) (VM \(vm), interface \(interface)): \(reason)"
        }
    }
}
